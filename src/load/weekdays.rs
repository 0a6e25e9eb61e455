use crate::model::WeekMask;

/// Parses `work_days`: a range `Mon-Sat` (it may wrap, `Sat-Tue`), a list `Mon,Tue,Thu`
/// (commas, semicolons or spaces), or a mix `Mon-Wed,Sat`. Names are case-insensitive,
/// three letters or in full, or Chinese (`周一-周五`, also `周一至周五`, `周一、周三`: how a
/// Chinese planner writes them, with full-width punctuation). Returns `None` for anything else.
pub fn parse_work_days(s: &str) -> Option<WeekMask> {
    let mut mask = 0u8;
    let parts = s
        .split([',', ';', ' ', '|', '，', '、', '；'])
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let mut any = false;
    for part in parts {
        any = true;
        match part.split_once(['-', '至', '~', '～', '－', '—', '–']) {
            Some((a, b)) => {
                let (a, b) = (weekday(a)?, weekday(b)?);
                let mut d = a;
                loop {
                    mask |= 1 << d;
                    if d == b {
                        break;
                    }
                    d = (d + 1) % 7;
                }
            }
            None => mask |= 1 << weekday(part)?,
        }
    }
    any.then_some(WeekMask(mask))
}

/// Monday = 0.
fn weekday(s: &str) -> Option<u8> {
    if let Some(d) = super::zh::weekday(s.trim()) {
        return Some(d);
    }
    const NAMES: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let s = s.trim().to_ascii_lowercase();
    // A name in full or any prefix of it of three letters or more ("Tue", "Thurs").
    (s.len() >= 3)
        .then(|| NAMES.iter().position(|n| n.starts_with(s.as_str())))
        .flatten()
        .map(|i| i as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_lists_and_wraps() {
        assert_eq!(parse_work_days("Mon-Fri"), Some(WeekMask::MON_FRI));
        assert_eq!(parse_work_days("mon-sun"), Some(WeekMask::ALL));
        assert_eq!(parse_work_days("Mon,Tue,Thu"), Some(WeekMask(0b1011)));
        assert_eq!(parse_work_days("Sat-Mon"), Some(WeekMask(0b110_0001)));
        assert_eq!(parse_work_days("Monday; Wednesday"), Some(WeekMask(0b101)));
        assert_eq!(parse_work_days("Mon-Wed,Sat"), Some(WeekMask(0b10_0111)));
        assert_eq!(parse_work_days("周一-周五"), Some(WeekMask::MON_FRI));
        assert_eq!(parse_work_days("周一至周六"), Some(WeekMask(0b11_1111)));
        assert_eq!(parse_work_days("周一、周二，周四"), Some(WeekMask(0b1011)));
        assert_eq!(parse_work_days("周六-周一"), Some(WeekMask(0b110_0001)));
        assert_eq!(parse_work_days("星期一-星期日"), Some(WeekMask::ALL));
        assert_eq!(parse_work_days("周一-Wed"), Some(WeekMask(0b111)));
        assert_eq!(parse_work_days("周一-周八"), None);
        assert_eq!(parse_work_days("Mon-Fry"), None);
        assert_eq!(parse_work_days("Moon"), None);
        assert_eq!(parse_work_days(""), None);
    }
}
