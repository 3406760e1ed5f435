//! Numbers as people read them, shared by every layer that writes text (tables, diagram
//! attributes and tooltips, analysis notes): at most a given number of decimals, no trailing
//! zeros, no `-0`.

/// A number with up to `digits` decimals and no trailing zeros, for tables.
pub fn num(v: f64, digits: usize) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    let s = format!("{v:.digits$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" { "0".into() } else { s }
}

#[cfg(test)]
mod tests {
    use super::num;

    #[test]
    fn trims_zeros_and_negative_zero() {
        assert_eq!(num(0.5, 2), "0.5");
        assert_eq!(num(3.0, 2), "3");
        assert_eq!(num(-0.001, 2), "0");
        assert_eq!(num(2.345, 3), "2.345");
        assert_eq!(num(f64::NAN, 2), "NaN");
    }
}
