use serde::{Deserialize, Serialize};

use crate::Span;

/// TimeML TIMEX3 types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimeType {
    /// A calendar date or period ("April 21", "this month").
    Date,
    /// A time of day ("3 p.m.", "Friday morning").
    Time,
    /// A length of time ("three weeks").
    Duration,
    /// A recurrence ("every Monday").
    Set,
}

/// A time expression with its TimeML value, resolved against the publication date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeExpression {
    /// Where the expression is.
    #[serde(flatten)]
    pub span: Span,
    /// TIMEX3 type.
    #[serde(rename = "type")]
    pub kind: TimeType,
    /// TIMEX3 value (`2018-04-21`, `P1Y`, `PRESENT_REF`, `XXXX-WXX-1`).
    pub value: String,
    /// Start value of a range ("April 26-27").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// End value of a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// TimeML `mod`: `START` ("early"), `END`, `MID`, `APPROX` ("about"), `MORE_THAN`, …
    #[serde(rename = "mod", default, skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
}
