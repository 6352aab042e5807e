use crate::Span;

/// One token. Tokens are an in-process layer: they are not part of the JSON form, since
/// they are cheap to recompute and would dominate its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Where the token lies in the text.
    pub span: Span,
    /// True when whitespace (or the start of the text) precedes the token.
    pub space_before: bool,
}
