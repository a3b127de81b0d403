//! How the Monte Carlo turns a uniform number into a value of a range, and
//! which ranges move together.
//!
//! A range (low, central, high) is drawn from one of three distributions,
//! each through its inverse CDF so that one uniform number gives one value
//! deterministically: **triangular** (minimum low, mode central, maximum
//! high), **uniform** (between low and high; central unused) and **PERT**
//! (beta-PERT: a beta distribution on [low, high] with mode central and
//! shape 4, mean (low + 4 central + high) / 6).
//!
//! Ranges may share a **correlation group** (`uncertainty.csv`, read by
//! `krapte-data`): with correlation 1 every member takes the same uniform
//! number, so the members sit at the same quantile of their own ranges in
//! every draw (comonotonic: "all factors from one source move together");
//! with a correlation ρ < 1 the members' uniform numbers are joined by a
//! Gaussian copula with correlation ρ between every two members.
//!
//! Everything here is plain arithmetic on `f64`: no randomness, no state.

use crate::inputs::bracket::Range3;
use crate::inputs::uncertainty::Distribution;

impl Distribution {
    /// The value of the distribution on `r` at quantile `u` in [0, 1]. A
    /// range of width zero gives its central value.
    pub fn quantile(self, r: Range3, u: f64) -> f64 {
        match self {
            Distribution::Triangular => triangular(r, u),
            Distribution::Uniform => uniform(r, u),
            Distribution::Pert => pert(r, u),
        }
    }
}

/// The value of the triangular distribution (low, central, high) at
/// quantile `u` in [0, 1).
pub fn triangular(r: Range3, u: f64) -> f64 {
    let (a, c, b) = (r.low, r.central, r.high);
    if b <= a {
        return c;
    }
    let fc = (c - a) / (b - a);
    if u < fc {
        a + (u * (b - a) * (c - a)).sqrt()
    } else {
        b - ((1.0 - u) * (b - a) * (b - c)).sqrt()
    }
}

/// The uniform distribution on [low, high] at quantile `u`.
pub fn uniform(r: Range3, u: f64) -> f64 {
    if r.high <= r.low {
        return r.central;
    }
    r.low + u.clamp(0.0, 1.0) * (r.high - r.low)
}

/// The shape parameters (α, β) of the beta-PERT distribution on `r`:
/// α = 1 + 4 (c − a) / (b − a), β = 1 + 4 (b − c) / (b − a).
pub fn pert_shape(r: Range3) -> (f64, f64) {
    let w = r.high - r.low;
    if w <= 0.0 {
        return (3.0, 3.0);
    }
    (
        1.0 + 4.0 * (r.central - r.low) / w,
        1.0 + 4.0 * (r.high - r.central) / w,
    )
}

/// The beta-PERT distribution on `r` at quantile `u`.
pub fn pert(r: Range3, u: f64) -> f64 {
    if r.high <= r.low {
        return r.central;
    }
    let (a, b) = pert_shape(r);
    r.low + inverse_beta(u, a, b) * (r.high - r.low)
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7, nine terms; relative error about
/// 1e-15 on the shapes PERT uses).
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut sum = C[0];
    for (i, c) in C.iter().enumerate().skip(1) {
        sum += c / (x + i as f64);
    }
    let t = x + G + 0.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// The continued fraction of the incomplete beta function (modified Lentz).
fn beta_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..=300 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < 1e-16 {
            break;
        }
    }
    h
}

/// The regularized incomplete beta function I_x(a, b), a, b > 0: the CDF of
/// the beta distribution at `x`.
pub fn incomplete_beta(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    beta_cdf_front(x, a, b, ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b)).0
}

/// I_x(a, b) for x in (0, 1) and x^a (1 − x)^b / B(a, b) (from which the
/// density follows), given ln(1 / B(a, b)).
fn beta_cdf_front(x: f64, a: f64, b: f64, ln_norm: f64) -> (f64, f64) {
    let front = (ln_norm + a * x.ln() + b * (1.0 - x).ln()).exp();
    let cdf = if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_fraction(a, b, x) / a
    } else {
        1.0 - front * beta_fraction(b, a, 1.0 - x) / b
    };
    (cdf, front)
}

/// The quantile of the beta distribution (a, b >= 1) at `u`: the x in
/// [0, 1] with I_x(a, b) = u. Starts from the quantile of the triangle with
/// the beta's mode and takes Halley steps (as Numerical Recipes' `invbetai`)
/// kept inside a shrinking bracket (a bisection step whenever a step would
/// leave it); the first step below 1e-10 of x is the last, which, the
/// convergence being cubic, leaves an error at rounding level. Deterministic: a fixed
/// sequence of operations for each input.
pub fn inverse_beta(u: f64, a: f64, b: f64) -> f64 {
    if u <= 0.0 {
        return 0.0;
    }
    if u >= 1.0 {
        return 1.0;
    }
    let ln_norm = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b);
    let (a1, b1) = (a - 1.0, b - 1.0);
    let mode = if a1 + b1 > 0.0 { a1 / (a1 + b1) } else { 0.5 };
    let start = triangular(
        Range3 {
            low: 0.0,
            central: mode,
            high: 1.0,
        },
        u,
    );
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    let mut x = start.clamp(1e-12, 1.0 - 1e-12);
    for _ in 0..100 {
        let (cdf, front) = beta_cdf_front(x, a, b, ln_norm);
        let f = cdf - u;
        if f == 0.0 {
            return x;
        }
        if f < 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        // Density = front / (x (1 − x)); Halley's correction uses
        // (ln density)' = a1 / x − b1 / (1 − x).
        let density = front / (x * (1.0 - x));
        let newton = f / density;
        let halley = newton / (1.0 - 0.5 * (newton * (a1 / x - b1 / (1.0 - x))).min(1.0));
        let step = if halley.is_finite() { halley } else { newton };
        let candidate = x - step;
        if density > 0.0 && step.abs() <= 1e-10 * x {
            // Converged (cubically): the step is the last correction.
            return candidate.clamp(lo, hi);
        }
        x = if density > 0.0 && candidate > lo && candidate < hi {
            candidate
        } else {
            0.5 * (lo + hi)
        };
        if hi - lo <= 1e-15 {
            return x;
        }
    }
    x
}

/// The standard normal CDF Φ(z) (through erfc; absolute error below 1e-7).
pub fn normal_cdf(z: f64) -> f64 {
    0.5 * erfc(-z / std::f64::consts::SQRT_2)
}

/// The complementary error function (Chebyshev fit of Numerical Recipes,
/// fractional error below 1.2e-7 everywhere).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 {
        r
    } else {
        2.0 - r
    }
}

/// The standard normal quantile Φ⁻¹(u) (Acklam's rational approximation,
/// relative error below 1.2e-9). `u` is kept inside (0, 1).
pub fn normal_quantile(u: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const P_LOW: f64 = 0.024_25;
    let p = u.clamp(1e-300, 1.0 - f64::EPSILON / 2.0);
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < P_LOW {
        tail((-2.0 * p.ln()).sqrt())
    } else if p <= 1.0 - P_LOW {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn ln_gamma_matches_factorials() {
        for (n, f) in [(1.0, 1.0), (2.0, 1.0), (5.0, 24.0), (10.0, 362_880.0)] {
            assert!(close(ln_gamma(n), f64::ln(f), 1e-12), "{n}");
        }
        // Γ(1/2) = √π, Γ(3/2) = √π / 2.
        let sqrt_pi = std::f64::consts::PI.sqrt();
        assert!(close(ln_gamma(0.5), sqrt_pi.ln(), 1e-12));
        assert!(close(ln_gamma(1.5), (sqrt_pi / 2.0).ln(), 1e-12));
    }

    /// Closed forms: I_x(a, 1) = x^a, I_x(1, b) = 1 − (1 − x)^b,
    /// I_x(2, 2) = 3x² − 2x³, and I_0.5(2, 3) = 11/16.
    #[test]
    fn incomplete_beta_matches_closed_forms() {
        for x in [0.01, 0.1, 0.3, 0.5, 0.77, 0.99] {
            assert!(close(incomplete_beta(x, 3.0, 1.0), x.powi(3), 1e-13));
            assert!(close(
                incomplete_beta(x, 1.0, 4.0),
                1.0 - (1.0 - x).powi(4),
                1e-13
            ));
            assert!(close(
                incomplete_beta(x, 2.0, 2.0),
                3.0 * x * x - 2.0 * x.powi(3),
                1e-13
            ));
        }
        assert!(close(incomplete_beta(0.5, 2.0, 3.0), 11.0 / 16.0, 1e-14));
        assert_eq!(incomplete_beta(0.0, 2.0, 3.0), 0.0);
        assert_eq!(incomplete_beta(1.0, 2.0, 3.0), 1.0);
    }

    #[test]
    fn inverse_beta_inverts_closed_forms() {
        for u in [0.001, 0.05, 0.25, 0.5, 0.75, 0.95, 0.999] {
            // Beta(a, 1): x = u^(1/a).
            assert!(close(inverse_beta(u, 3.0, 1.0), u.powf(1.0 / 3.0), 1e-12));
            // Beta(1, b): x = 1 − (1 − u)^(1/b).
            assert!(close(
                inverse_beta(u, 1.0, 5.0),
                1.0 - (1.0 - u).powf(0.2),
                1e-12
            ));
            let x = inverse_beta(u, 2.6, 4.1);
            assert!(close(incomplete_beta(x, 2.6, 4.1), u, 1e-12));
        }
        // Symmetric: the median is 1/2.
        assert!(close(inverse_beta(0.5, 3.0, 3.0), 0.5, 1e-14));
        assert_eq!(inverse_beta(0.0, 2.0, 2.0), 0.0);
        assert_eq!(inverse_beta(1.0, 2.0, 2.0), 1.0);
    }

    #[test]
    fn pert_and_uniform_quantiles_are_where_theory_says() {
        let r = Range3 {
            low: 10.0,
            central: 20.0,
            high: 30.0,
        };
        // Symmetric PERT: Beta(3, 3) on [10, 30]; median 20, and the CDF of
        // Beta(3, 3) at 0.25 is 0.103515625 (= 53/512).
        assert_eq!(pert_shape(r), (3.0, 3.0));
        assert!(close(pert(r, 0.5), 20.0, 1e-12));
        assert!(close(pert(r, 53.0 / 512.0), 15.0, 1e-11));
        // Skewed: c at the low end gives Beta(1, 5): x = 1 − (1 − u)^(1/5).
        let s = Range3 {
            low: 0.0,
            central: 0.0,
            high: 2.0,
        };
        assert_eq!(pert_shape(s), (1.0, 5.0));
        assert!(close(pert(s, 0.5), 2.0 * (1.0 - 0.5f64.powf(0.2)), 1e-12));
        // Uniform: linear in u, central unused.
        assert_eq!(uniform(r, 0.0), 10.0);
        assert_eq!(uniform(r, 0.25), 15.0);
        assert_eq!(uniform(r, 1.0), 30.0);
        for d in Distribution::ALL {
            assert_eq!(d.quantile(Range3::point(4.0), 0.3), 4.0);
            assert_eq!(Distribution::from_code(d.code()), Some(d));
        }
    }

    /// 20,000 evenly spaced quantiles: the mean of PERT is
    /// (a + 4c + b) / 6, that of the uniform (a + b) / 2.
    #[test]
    fn means_match_theory() {
        let r = Range3 {
            low: 2.0,
            central: 3.0,
            high: 9.0,
        };
        let n = 20_000;
        let mean = |d: Distribution| {
            (0..n)
                .map(|i| d.quantile(r, (i as f64 + 0.5) / n as f64))
                .sum::<f64>()
                / n as f64
        };
        // The midpoint rule loses about 1e-6 near the PERT's steep low end.
        let p = mean(Distribution::Pert);
        assert!(close(p, (2.0 + 12.0 + 9.0) / 6.0, 1e-5), "{p}");
        assert!(close(mean(Distribution::Uniform), 5.5, 1e-9));
        assert!(close(mean(Distribution::Triangular), 14.0 / 3.0, 1e-6));
    }

    #[test]
    fn normal_quantiles_and_cdf() {
        for (u, z) in [
            (0.5, 0.0),
            (0.975, 1.959_963_984_540_054),
            (0.95, 1.644_853_626_951_472_2),
            (0.01, -2.326_347_874_040_841),
            (0.001, -3.090_232_306_167_813_5),
        ] {
            assert!(close(normal_quantile(u), z, 1e-8 * (1.0 + z.abs())), "{u}");
            assert!(close(normal_cdf(z), u, 2e-7), "{z}");
        }
        assert!(normal_quantile(0.0).is_finite());
    }

    /// Cost of a PERT value (release: `cargo test --release -p krapte-model
    /// pert_speed -- --ignored --nocapture`).
    #[test]
    #[ignore]
    fn pert_speed() {
        let r = Range3 {
            low: 0.263,
            central: 1.5,
            high: 1.748,
        };
        let n = 200_000;
        let t = std::time::Instant::now();
        let s: f64 = (0..n).map(|i| pert(r, (i as f64 + 0.5) / n as f64)).sum();
        let e = t.elapsed().as_secs_f64();
        eprintln!("{:.3} us per value (sum {s})", e * 1e6 / n as f64);
    }

    /// Every quantile inverts the CDF to rounding, over PERT's shapes and
    /// the whole range of u (tails included).
    #[test]
    fn inverse_beta_is_accurate_everywhere() {
        for (a, b) in [
            (1.0, 5.0),
            (5.0, 1.0),
            (3.0, 3.0),
            (4.33, 1.67),
            (1.2, 4.8),
            (2.0, 2.0),
        ] {
            for k in 0..=1000 {
                let u = (k as f64 / 1000.0).clamp(1e-9, 1.0 - 1e-9);
                let x = inverse_beta(u, a, b);
                assert!((0.0..=1.0).contains(&x));
                let back = incomplete_beta(x, a, b);
                assert!(
                    (back - u).abs() < 1e-12,
                    "a {a} b {b} u {u}: x {x} gives {back}"
                );
            }
        }
    }

    proptest! {
        /// Every quantile function stays inside [low, high] and never
        /// decreases in u.
        #[test]
        fn quantiles_are_monotone_and_bounded(
            low in -100.0f64..100.0,
            w1 in 0.0f64..50.0,
            w2 in 0.0f64..50.0,
            u1 in 0.0f64..1.0,
            u2 in 0.0f64..1.0,
        ) {
            let r = Range3 { low, central: low + w1, high: low + w1 + w2 };
            let (u1, u2) = if u1 <= u2 { (u1, u2) } else { (u2, u1) };
            for d in Distribution::ALL {
                let (x1, x2) = (d.quantile(r, u1), d.quantile(r, u2));
                let tol = 1e-9 * (1.0 + r.high.abs() + r.low.abs());
                prop_assert!(x1 >= r.low - tol && x2 <= r.high + tol);
                prop_assert!(x1 <= x2 + tol, "{d:?} {x1} {x2}");
            }
        }
    }
}
