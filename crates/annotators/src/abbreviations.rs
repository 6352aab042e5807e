//! Abbreviations that keep their full stop, by how they behave at a sentence boundary.

/// Titles and other abbreviations that are always followed by more of the same sentence.
pub(crate) fn is_title(word: &str) -> bool {
    matches!(
        word,
        "Mr" | "Mrs"
            | "Ms"
            | "Dr"
            | "Prof"
            | "Sen"
            | "Rep"
            | "Gov"
            | "Gen"
            | "Lt"
            | "Col"
            | "Capt"
            | "Sgt"
            | "Cpl"
            | "Adm"
            | "Maj"
            | "Rev"
            | "Fr"
            | "St"
            | "Mt"
            | "Ft"
            | "Pres"
            | "Supt"
            | "Insp"
            | "Det"
            | "Hon"
            | "Messrs"
            | "Mmes"
            | "Sr"
            | "Jr"
            | "No"
            | "Nos"
            | "Art"
            | "vs"
            | "v"
            | "cf"
            | "approx"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Jun"
            | "Jul"
            | "Aug"
            | "Sep"
            | "Sept"
            | "Oct"
            | "Nov"
            | "Dec"
            | "Ave"
            | "Blvd"
            | "Rd"
            | "Calif"
            | "Fla"
            | "Mass"
            | "Wash"
            | "Penn"
            | "Ariz"
            | "Colo"
            | "Conn"
            | "Ill"
            | "Ind"
            | "Kan"
            | "Mich"
            | "Minn"
            | "Nev"
            | "Okla"
            | "Ore"
            | "Tenn"
            | "Tex"
            | "Va"
            | "Wis"
            | "Wyo"
            | "figs"
            | "fig"
            | "p"
            | "pp"
    )
}

/// Abbreviations that may also end a sentence ("… at Acme Co. The firm …").
pub(crate) fn is_terminal(word: &str) -> bool {
    matches!(
        word,
        "Co" | "Corp"
            | "Inc"
            | "Ltd"
            | "Bros"
            | "Plc"
            | "etc"
            | "Dept"
            | "Univ"
            | "Assn"
            | "Govt"
            | "a.m"
            | "p.m"
            | "A.M"
            | "P.M"
            | "Ph.D"
            | "e.g"
            | "i.e"
            | "est"
            | "ca"
            | "Mon"
            | "Tue"
            | "Tues"
            | "Wed"
            | "Thu"
            | "Thur"
            | "Thurs"
            | "Fri"
            | "Sat"
            | "Sun"
    )
}

/// Dotted forms such as `U.S`, `U.N`, `a.m` (the final dot excluded) and single initials.
pub(crate) fn is_dotted(word: &str) -> bool {
    let mut letters = 0;
    let mut expect_letter = true;
    for c in word.chars() {
        if expect_letter {
            if !c.is_alphabetic() {
                return false;
            }
            letters += 1;
            expect_letter = false;
        } else if c == '.' {
            expect_letter = true;
        } else {
            return false;
        }
    }
    letters >= 1 && !expect_letter && (letters > 1 || word.chars().all(|c| c.is_uppercase()))
}

/// True when `word` (without its final dot) keeps the dot as part of the token.
pub(crate) fn keeps_dot(word: &str) -> bool {
    is_title(word) || is_terminal(word) || is_dotted(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_forms() {
        assert!(is_dotted("U.S"));
        assert!(is_dotted("J"));
        assert!(is_dotted("a.m"));
        assert!(!is_dotted("j"));
        assert!(!is_dotted("US"));
        assert!(!is_dotted("U..S"));
    }
}
