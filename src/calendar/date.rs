//! Calendar dates (`2026-11-02`) without a time zone: what documents and `today` use.
//! Pure arithmetic; the system clock is read only by the CLI.

use std::fmt;

/// A proleptic Gregorian calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Why a text is not a date; the message completes "invalid date `x`: …".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateError(pub &'static str);

impl Date {
    /// Parses `YYYY-MM-DD`, checking that the day exists in that month.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let shape = DateError("expected a date like 2026-11-02 (YYYY-MM-DD)");
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(shape);
        }
        let number = |range: std::ops::Range<usize>| -> Result<u32, DateError> {
            let part =
                text.get(range).ok_or(DateError("expected a date like 2026-11-02 (YYYY-MM-DD)"))?;
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(DateError("expected a date like 2026-11-02 (YYYY-MM-DD)"));
            }
            part.parse().map_err(|_| DateError("expected a date like 2026-11-02 (YYYY-MM-DD)"))
        };
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        let year = i32::try_from(year).map_err(|_| shape.clone())?;
        if !(1..=12).contains(&month) {
            return Err(DateError("the month must be between 01 and 12"));
        }
        let month = month as u8;
        if day == 0 || day > u32::from(days_in_month(year, month)) {
            return Err(DateError("that day does not exist in that month"));
        }
        Ok(Date { year, month, day: day as u8 })
    }

    /// The first day of a month (`month` is clamped into 1..=12).
    pub fn first_of_month(year: i32, month: u8) -> Date {
        Date { year, month: month.clamp(1, 12), day: 1 }
    }

    /// The date `days` days after 1970-01-01 (negative: before).
    pub fn from_days_since_epoch(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Days since 1970-01-01.
    pub fn days_since_epoch(self) -> i64 {
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let yoe = year.rem_euclid(400);
        let month = i64::from(self.month);
        let mp = if month > 2 { month - 3 } else { month + 9 };
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Days from `earlier` to `self` (negative when `self` is earlier).
    pub fn days_since(self, earlier: Date) -> i64 {
        self.days_since_epoch() - earlier.days_since_epoch()
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_real_dates() {
        let d = Date::parse("2024-02-29").unwrap();
        assert_eq!((d.year(), d.month(), d.day()), (2024, 2, 29));
        assert_eq!(d.to_string(), "2024-02-29");
    }

    #[test]
    fn parse_rejects_days_that_do_not_exist() {
        assert!(Date::parse("2026-02-29").is_err());
        assert!(Date::parse("2026-02-30").is_err());
        assert!(Date::parse("2026-04-31").is_err());
        assert!(Date::parse("1900-02-29").is_err());
        assert!(Date::parse("2000-02-29").is_ok());
    }

    #[test]
    fn parse_rejects_other_shapes() {
        for bad in [
            "2026-1-02",
            "26-01-02",
            "2026/01/02",
            "2026-13-01",
            "2026-00-10",
            "",
            "yesterday",
            "２０２６-01-01",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn epoch_days_round_trip() {
        for days in [-800_000, -1, 0, 1, 59, 365, 20_000, 800_000] {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(
            Date::parse("2026-11-25").unwrap().days_since(Date::parse("2026-11-01").unwrap()),
            24
        );
    }
}
