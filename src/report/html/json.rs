//! A small writer for the data the page's script reads. The data is compact arrays, not
//! objects (the M plant embeds 20,000 schedules), so it is written by hand; strings go
//! through serde_json and then have `<`, `>` and `&` escaped as `\u003c` …, so no id can
//! close the `<script>` element it is embedded in.

use std::fmt::Write;

/// JSON text being built.
#[derive(Default)]
pub struct Json {
    pub out: String,
}

impl Json {
    pub fn raw(&mut self, s: &str) -> &mut Json {
        self.out.push_str(s);
        self
    }

    pub fn str(&mut self, s: &str) -> &mut Json {
        push_str(&mut self.out, s);
        self
    }

    pub fn int(&mut self, n: i64) -> &mut Json {
        let _ = write!(self.out, "{n}");
        self
    }

    /// A finite number as its shortest form (`450`, `16.666667`); anything else is `null`.
    pub fn num(&mut self, x: f64) -> &mut Json {
        if x.is_finite() {
            self.out
                .push_str(&crate::plan::order::fmt_qty((x * 1e6).round() / 1e6));
        } else {
            self.out.push_str("null");
        }
        self
    }

    pub fn opt_int(&mut self, n: Option<i64>) -> &mut Json {
        match n {
            Some(n) => self.int(n),
            None => self.raw("null"),
        }
    }

    /// `"key":` (the key is a fixed identifier of this module).
    pub fn key(&mut self, k: &str) -> &mut Json {
        let _ = write!(self.out, "\"{k}\":");
        self
    }

    /// A JSON array of strings.
    pub fn strs<'a>(&mut self, items: impl IntoIterator<Item = &'a str>) -> &mut Json {
        self.out.push('[');
        for (i, s) in items.into_iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            push_str(&mut self.out, s);
        }
        self.out.push(']');
        self
    }
}

/// Appends `s` as a JSON string that is also safe inside an HTML `<script>` element.
pub fn push_str(out: &mut String, s: &str) {
    let quoted = serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    for ch in quoted.chars() {
        match ch {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_cannot_close_the_script() {
        let mut j = Json::default();
        j.raw("[")
            .str("</script><&\"x")
            .raw(",")
            .num(1.0 / 3.0)
            .raw(",")
            .num(450.0);
        j.raw(",").num(f64::NAN).raw("]");
        assert_eq!(
            j.out,
            "[\"\\u003c/script\\u003e\\u003c\\u0026\\\"x\",0.333333,450,null]"
        );
        let v: serde_json::Value = serde_json::from_str(&j.out).unwrap();
        assert_eq!(v[0], "</script><&\"x");
    }
}
