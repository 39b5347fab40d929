//! Quarters (`2026-Q3`) and ranges of them: what initiatives, objectives and the
//! roadmap are planned in. Pure arithmetic.

use std::fmt;

use super::Date;

/// A calendar quarter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    year: i32,
    /// 1..=4
    q: u8,
}

impl Quarter {
    /// Parses `2026-Q3` (a lower-case `q` is accepted too).
    pub fn parse(text: &str) -> Result<Quarter, &'static str> {
        let shape = "expected a quarter like 2026-Q3";
        let (year, q) = text.split_once('-').ok_or(shape)?;
        let q = q.strip_prefix(['Q', 'q']).ok_or(shape)?;
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(shape);
        }
        let year: i32 = year.parse().map_err(|_| shape)?;
        match q {
            "1" | "2" | "3" | "4" => Ok(Quarter { year, q: q.as_bytes()[0] - b'0' }),
            _ if q.bytes().all(|b| b.is_ascii_digit()) && !q.is_empty() => {
                Err("a year has four quarters, Q1 to Q4")
            }
            _ => Err(shape),
        }
    }

    /// The quarter a date falls in.
    pub fn of(date: Date) -> Quarter {
        Quarter { year: date.year(), q: (date.month() - 1) / 3 + 1 }
    }

    /// The quarter after this one.
    pub fn next(self) -> Quarter {
        if self.q == 4 {
            Quarter { year: self.year + 1, q: 1 }
        } else {
            Quarter { year: self.year, q: self.q + 1 }
        }
    }

    /// The quarter before this one.
    pub fn previous(self) -> Quarter {
        if self.q == 1 {
            Quarter { year: self.year - 1, q: 4 }
        } else {
            Quarter { year: self.year, q: self.q - 1 }
        }
    }

    /// The first day of the quarter.
    pub fn first_day(self) -> Date {
        Date::first_of_month(self.year, (self.q - 1) * 3 + 1)
    }

    pub fn year(self) -> i32 {
        self.year
    }

    /// 1 to 4.
    pub fn number(self) -> u8 {
        self.q
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-Q{}", self.year, self.q)
    }
}

impl serde::Serialize for Quarter {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// An inclusive range of quarters; a single quarter is a range of one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct QuarterRange {
    pub start: Quarter,
    pub end: Quarter,
}

impl QuarterRange {
    /// The range of one quarter.
    pub fn single(quarter: Quarter) -> Self {
        QuarterRange { start: quarter, end: quarter }
    }

    /// Whether `quarter` is inside the range.
    pub fn contains(self, quarter: Quarter) -> bool {
        self.start <= quarter && quarter <= self.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_reads_year_and_quarter() {
        let q = Quarter::parse("2026-Q3").unwrap();
        assert_eq!((q.year(), q.number()), (2026, 3));
        assert_eq!(q.to_string(), "2026-Q3");
        assert_eq!(Quarter::parse("2026-q1").unwrap().to_string(), "2026-Q1");
    }

    #[test]
    fn parse_rejects_a_fifth_quarter() {
        assert_eq!(Quarter::parse("2026-Q5"), Err("a year has four quarters, Q1 to Q4"));
        assert!(Quarter::parse("2026-Q0").is_err());
    }

    #[test]
    fn parse_rejects_other_shapes() {
        for bad in ["2026Q3", "Q3-2026", "26-Q3", "2026-Q", "2026-QQ", "", "2026-Q3x", "20a6-Q1"] {
            assert!(Quarter::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn of_maps_months_to_quarters() {
        let q = |d: &str| Quarter::of(Date::parse(d).unwrap()).to_string();
        assert_eq!(q("2026-01-01"), "2026-Q1");
        assert_eq!(q("2026-03-31"), "2026-Q1");
        assert_eq!(q("2026-04-01"), "2026-Q2");
        assert_eq!(q("2026-11-25"), "2026-Q4");
    }

    #[test]
    fn next_and_previous_cross_years() {
        let q4 = Quarter::parse("2026-Q4").unwrap();
        assert_eq!(q4.next().to_string(), "2027-Q1");
        assert_eq!(q4.next().previous(), q4);
        assert_eq!(Quarter::parse("2027-Q1").unwrap().previous().to_string(), "2026-Q4");
    }

    #[test]
    fn quarters_order_chronologically() {
        let a = Quarter::parse("2026-Q4").unwrap();
        let b = Quarter::parse("2027-Q1").unwrap();
        assert!(a < b);
        assert_eq!(a.first_day().to_string(), "2026-10-01");
    }

    #[test]
    fn range_contains_its_ends() {
        let r = QuarterRange {
            start: Quarter::parse("2026-Q3").unwrap(),
            end: Quarter::parse("2027-Q1").unwrap(),
        };
        assert!(r.contains(Quarter::parse("2026-Q3").unwrap()));
        assert!(r.contains(Quarter::parse("2026-Q4").unwrap()));
        assert!(r.contains(Quarter::parse("2027-Q1").unwrap()));
        assert!(!r.contains(Quarter::parse("2027-Q2").unwrap()));
    }
}
