//! Reading input files safely: only regular files, within a size limit,
//! without following a symbolic link out of the folder the file belongs to,
//! and without ever opening a pipe or a device (`/dev/zero` would never end,
//! a named pipe would wait forever). What is wrong is said without quoting
//! the file's content.
//!
//! Then the text checks every CSV reader needs before parsing: UTF-8, with
//! the line and byte of each bad sequence, and quotes that are closed (the
//! csv crate accepts a quote left open at the end of a file and swallows the
//! rest of the file into one field).

use std::io::Read;
use std::path::Path;

use crate::{Problem, Problems};

/// Largest dataset or monitor CSV file (the largest built-in one is well
/// under 1 MB).
pub const MAX_CSV_BYTES: u64 = 64 * 1024 * 1024;
/// Largest scenario, policy or manifest file (TOML).
pub const MAX_TOML_BYTES: u64 = 4 * 1024 * 1024;

/// Why a file was not read; never contains the file's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    Missing,
    Directory,
    /// A named pipe, a device or a socket.
    Special(&'static str),
    /// A symbolic link to somewhere outside the folder.
    OutsideFolder,
    TooLarge {
        bytes: u64,
        max: u64,
    },
    Io(String),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::Missing => f.write_str("file does not exist"),
            Refused::Directory => f.write_str("is a directory, not a file"),
            Refused::Special(kind) => write!(
                f,
                "is {kind}, not a regular file: refused (an input must be a plain file)"
            ),
            Refused::OutsideFolder => f.write_str(
                "is a symbolic link to a file outside its folder: refused (copy the file into the folder instead)",
            ),
            Refused::TooLarge { bytes, max } => write!(
                f,
                "is {} MB, more than the {} MB an input file of this kind may have: refused",
                bytes.div_ceil(1024 * 1024),
                max / (1024 * 1024)
            ),
            Refused::Io(e) => write!(f, "cannot read: {e}"),
        }
    }
}

/// What kind of non-regular file `t` is, in words.
fn special_kind(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device (such as /dev/zero)";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    let _ = t;
    "a special file"
}

/// Reads `path` whole, refusing what is not a regular file of at most `max`
/// bytes. With `folder`, a symbolic link must resolve to a file inside that
/// folder.
pub fn read_file(path: &Path, max: u64, folder: Option<&Path>) -> Result<Vec<u8>, Refused> {
    let link = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Refused::Missing),
        Err(e) => return Err(Refused::Io(e.to_string())),
    };
    if link.file_type().is_symlink() {
        if let Some(folder) = folder {
            let target = std::fs::canonicalize(path).map_err(|_| Refused::Missing)?;
            let home = std::fs::canonicalize(folder).map_err(|e| Refused::Io(e.to_string()))?;
            if !target.starts_with(&home) {
                return Err(Refused::OutsideFolder);
            }
        }
    }
    // Follows the link (if any): the type of what would be opened.
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Refused::Missing,
        _ => Refused::Io(e.to_string()),
    })?;
    let t = meta.file_type();
    if t.is_dir() {
        return Err(Refused::Directory);
    }
    if !t.is_file() {
        return Err(Refused::Special(special_kind(&t)));
    }
    if meta.len() > max {
        return Err(Refused::TooLarge {
            bytes: meta.len(),
            max,
        });
    }
    let file = std::fs::File::open(path).map_err(|e| Refused::Io(e.to_string()))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // A file that grew since its size was read is still cut at the limit.
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Refused::Io(e.to_string()))?;
    if bytes.len() as u64 > max {
        return Err(Refused::TooLarge {
            bytes: bytes.len() as u64,
            max,
        });
    }
    Ok(bytes)
}

/// Whether `path` can be read as an input: a regular file (or a link to one
/// inside `folder`). The error says why not.
pub fn check_file(path: &Path, folder: Option<&Path>) -> Result<(), Refused> {
    let link = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Refused::Missing),
        Err(e) => return Err(Refused::Io(e.to_string())),
    };
    if link.file_type().is_symlink() {
        if let Some(folder) = folder {
            let target = std::fs::canonicalize(path).map_err(|_| Refused::Missing)?;
            let home = std::fs::canonicalize(folder).map_err(|e| Refused::Io(e.to_string()))?;
            if !target.starts_with(&home) {
                return Err(Refused::OutsideFolder);
            }
        }
    }
    let meta = std::fs::metadata(path).map_err(|_| Refused::Missing)?;
    let t = meta.file_type();
    if t.is_dir() {
        Err(Refused::Directory)
    } else if !t.is_file() {
        Err(Refused::Special(special_kind(&t)))
    } else {
        Ok(())
    }
}

/// Reads a text file (scenario, policy, manifest) safely: a regular file of
/// at most `max` bytes, valid UTF-8. Problems name `path`.
pub fn read_text(path: &Path, max: u64, folder: Option<&Path>) -> Result<String, Problems> {
    let bytes = read_file(path, max, folder)
        .map_err(|r| Problems::from(Problem::in_file(path, r.to_string())))?;
    into_text(path, bytes)
}

/// `bytes` as UTF-8 text (a leading byte-order mark dropped), or one problem
/// per line with a bad sequence, naming the line and the byte.
pub fn into_text(path: &Path, bytes: Vec<u8>) -> Result<String, Problems> {
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..'\u{feff}'.len_utf8());
            }
            Ok(s)
        }
        Err(e) => Err(utf8_problems(path, e.as_bytes())),
    }
}

/// One problem per line that holds bytes that are not UTF-8: the line, the
/// byte within the line (1-based) and its value.
pub fn utf8_problems(path: &Path, bytes: &[u8]) -> Problems {
    let mut out = Problems::new();
    let mut rest = bytes;
    let mut offset = 0usize;
    let mut last_line = 0u64;
    while let Err(e) = std::str::from_utf8(rest) {
        let at = offset + e.valid_up_to();
        let (line, col) = line_and_byte(bytes, at);
        if line != last_line {
            let value = bytes.get(at).copied().unwrap_or(0);
            out.push(Problem::at(
                path,
                Some(line),
                None,
                format!(
                    "byte {col} of the line (0x{value:02X}) is not valid UTF-8: save the file as UTF-8 (it looks like Latin-1 or Windows-1252)"
                ),
            ));
            last_line = line;
        }
        let skip = e.error_len().unwrap_or(rest.len() - e.valid_up_to()).max(1);
        let next = e.valid_up_to() + skip;
        offset += next;
        rest = rest.get(next..).unwrap_or(&[]);
    }
    out
}

/// 1-based line and byte within that line of byte offset `at`.
pub fn line_and_byte(bytes: &[u8], at: usize) -> (u64, u64) {
    let before = bytes.get(..at).unwrap_or(bytes);
    let line = before.iter().filter(|b| **b == b'\n').count() as u64 + 1;
    let start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |p| p + 1);
    (line, (at - start) as u64 + 1)
}

/// The line of a quoted field that is never closed, if any: the csv crate
/// would silently read the rest of the file into that field. Follows the
/// csv crate's rules: a quote opens a field only at its start; `""` inside
/// a quoted field is a quote; lines starting with `comment` are skipped.
pub fn unclosed_quote(bytes: &[u8], delimiter: u8, comment: Option<u8>) -> Option<u64> {
    #[derive(Clone, Copy, PartialEq)]
    enum S {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
        Comment,
    }
    let mut s = S::FieldStart;
    let mut at_line_start = true;
    let mut line = 1u64;
    let mut opened = 0u64;
    for &b in bytes {
        let record_start = at_line_start && s == S::FieldStart;
        at_line_start = b == b'\n';
        s = match (s, b) {
            (S::Comment, b'\n') => S::FieldStart,
            (S::Comment, _) => S::Comment,
            (S::FieldStart, c) if record_start && Some(c) == comment => S::Comment,
            (S::FieldStart, b'"') => {
                opened = line;
                S::Quoted
            }
            (S::Quoted, b'"') => S::QuoteInQuoted,
            (S::Quoted, _) => S::Quoted,
            (S::QuoteInQuoted, b'"') => S::Quoted,
            (S::FieldStart | S::Unquoted | S::QuoteInQuoted, c) if c == delimiter => S::FieldStart,
            (S::FieldStart | S::Unquoted | S::QuoteInQuoted, b'\n') => S::FieldStart,
            (S::FieldStart, b'\r') => S::FieldStart,
            _ => S::Unquoted,
        };
        if b == b'\n' {
            line += 1;
        }
    }
    (s == S::Quoted).then_some(opened)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_left_open_are_found_with_their_line() {
        assert_eq!(unclosed_quote(b"a,b\n1,2\n", b',', Some(b'#')), None);
        assert_eq!(
            unclosed_quote(
                b"a,b\n1,\"x, y\"\n2,\"he said \"\"hi\"\"\"\n",
                b',',
                Some(b'#')
            ),
            None
        );
        assert_eq!(
            unclosed_quote(b"a,b\n1,\"multi\nline\"\n3,\"open\n4,5\n", b',', Some(b'#')),
            Some(4)
        );
        // A quote inside an unquoted field is a character, not an opening.
        assert_eq!(unclosed_quote(b"a,b\n1,5\" pipe\n", b',', None), None);
        // A comment line may hold any quotes.
        assert_eq!(
            unclosed_quote(b"a,b\n# it\"s\n1,2\n", b',', Some(b'#')),
            None
        );
        assert_eq!(unclosed_quote(b"a;b\n\"x;y\";\"z\n", b';', None), Some(2));
    }

    #[test]
    fn bad_utf8_names_line_and_byte() {
        let bytes = b"code,name\nF,Bouw\nG,Caf\xe9\nH,ok\nI,\xff\xfe\n".to_vec();
        let ps = into_text(Path::new("s.csv"), bytes).expect_err("not UTF-8");
        let lines = ps.lines();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(
            lines[0],
            "s.csv:3: byte 6 of the line (0xE9) is not valid UTF-8: save the file as UTF-8 (it looks like Latin-1 or Windows-1252)"
        );
        assert!(lines[1].starts_with("s.csv:5: byte 3 of the line (0xFF)"));
        assert_eq!(
            into_text(Path::new("s.csv"), "\u{feff}a,b\n".as_bytes().to_vec()).expect("text"),
            "a,b\n"
        );
    }

    #[test]
    fn only_regular_files_inside_the_folder_are_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let inside = dir.path().join("in");
        std::fs::create_dir(&inside).expect("mkdir");
        let ok = inside.join("a.csv");
        std::fs::write(&ok, "a\n1\n").expect("write");
        assert_eq!(
            read_file(&ok, 100, Some(&inside)).expect("reads"),
            b"a\n1\n"
        );
        assert_eq!(
            read_file(&ok, 3, Some(&inside)),
            Err(Refused::TooLarge { bytes: 4, max: 3 })
        );
        assert_eq!(
            read_file(&inside.join("none.csv"), 100, None),
            Err(Refused::Missing)
        );
        assert_eq!(read_file(&inside, 100, None), Err(Refused::Directory));
        #[cfg(unix)]
        {
            let secret = dir.path().join("secret.txt");
            std::fs::write(&secret, "root:x:0:0").expect("write");
            let link = inside.join("b.csv");
            std::os::unix::fs::symlink(&secret, &link).expect("symlink");
            let r = read_file(&link, 100, Some(&inside));
            assert_eq!(r, Err(Refused::OutsideFolder));
            assert!(!r.expect_err("refused").to_string().contains("root"));
            let ok_link = inside.join("c.csv");
            std::os::unix::fs::symlink(&ok, &ok_link).expect("symlink");
            assert!(read_file(&ok_link, 100, Some(&inside)).is_ok());
            let zero = read_file(Path::new("/dev/zero"), 100, None);
            assert_eq!(zero, Err(Refused::Special("a device (such as /dev/zero)")));
        }
    }
}
