//! Input-output arithmetic: technical coefficients, the Leontief inverse
//! L = (I - A)^-1, employment multipliers, and production- and
//! consumption-based employment. Matrices are dense, row-major `Vec<f64>`
//! of size n*n; n is small (tens of industries).

use nalgebra::DMatrix;

/// Technical coefficients a_ij = z_ij / x_j (input from i per unit of output of j).
/// A sector with zero output gets a zero column.
pub fn technical_coefficients(flows: &[f64], output: &[f64]) -> Vec<f64> {
    let n = output.len();
    let mut a = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            if output[j] > 0.0 {
                a[i * n + j] = flows[i * n + j] / output[j];
            }
        }
    }
    a
}

/// The Leontief inverse (I - A)^-1, or `None` when I - A is singular.
pub fn leontief_inverse(a: &[f64], n: usize) -> Option<Vec<f64>> {
    let i_minus_a = DMatrix::from_fn(n, n, |i, j| f64::from(u8::from(i == j)) - a[i * n + j]);
    let inv = i_minus_a.try_inverse()?;
    let mut out = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            out[i * n + j] = inv[(i, j)];
        }
    }
    out.iter().all(|v| v.is_finite()).then_some(out)
}

/// y = M x for a dense row-major n x n matrix.
pub fn mat_vec(m: &[f64], x: &[f64]) -> Vec<f64> {
    let n = x.len();
    (0..n)
        .map(|i| (0..n).map(|j| m[i * n + j] * x[j]).sum())
        .collect()
}

/// Employment multipliers m_j = sum_i e_i L_ij: fte in the whole economy per
/// unit of final demand for product j.
pub fn employment_multipliers(e: &[f64], l: &[f64]) -> Vec<f64> {
    let n = e.len();
    (0..n)
        .map(|j| (0..n).map(|i| e[i] * l[i * n + j]).sum())
        .collect()
}

/// Production-based employment: fte working in each industry to produce the
/// output that final demand `f` requires, e_i (L f)_i.
pub fn production_based(e: &[f64], l: &[f64], f: &[f64]) -> Vec<f64> {
    mat_vec(l, f).iter().zip(e).map(|(x, e)| x * e).collect()
}

/// Consumption-based employment: fte in the whole economy attributed to final
/// demand for each product, m_j f_j. Sums to the same total as
/// [`production_based`].
pub fn consumption_based(e: &[f64], l: &[f64], f: &[f64]) -> Vec<f64> {
    employment_multipliers(e, l)
        .iter()
        .zip(f)
        .map(|(m, f)| m * f)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// Two sectors worked out on paper: x = (100, 200),
    /// Z = [[10, 40], [20, 50]], so A = [[0.1, 0.2], [0.2, 0.25]],
    /// det(I - A) = 0.9 * 0.75 - 0.2 * 0.2 = 0.635 and
    /// L = [[0.75, 0.2], [0.2, 0.9]] / 0.635.
    #[test]
    fn two_sector_inverse_by_hand() {
        let a = technical_coefficients(&[10.0, 40.0, 20.0, 50.0], &[100.0, 200.0]);
        assert_eq!(a, vec![0.1, 0.2, 0.2, 0.25]);
        let l = leontief_inverse(&a, 2).expect("invertible");
        let expect = [0.75 / 0.635, 0.2 / 0.635, 0.2 / 0.635, 0.9 / 0.635];
        for (x, y) in l.iter().zip(expect) {
            assert!(close(*x, y), "{x} vs {y}");
        }
        // e = (2, 0.5) fte per unit of output.
        let e = [2.0, 0.5];
        let m = employment_multipliers(&e, &l);
        assert!(close(m[0], (2.0 * 0.75 + 0.5 * 0.2) / 0.635));
        assert!(close(m[1], (2.0 * 0.2 + 0.5 * 0.9) / 0.635));
        let f = [10.0, 20.0];
        let p = production_based(&e, &l, &f);
        let c = consumption_based(&e, &l, &f);
        let (tp, tc): (f64, f64) = (p.iter().sum(), c.iter().sum());
        assert!(close(tp, tc));
        // x = L f = (7.5 + 4, 2 + 18) / 0.635
        assert!(close(p[0], 2.0 * 11.5 / 0.635));
        assert!(close(p[1], 0.5 * 20.0 / 0.635));
    }

    #[test]
    fn singular_matrix_is_refused() {
        // A = I makes I - A the zero matrix.
        assert!(leontief_inverse(&[1.0, 0.0, 0.0, 1.0], 2).is_none());
    }
}
