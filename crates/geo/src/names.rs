//! How a place name is looked up: one key per spelling, and the short forms news writes
//! that no gazetteer lists ("Ky.", "B.C.", "U.S.").

/// The lookup key of a name: lower case, accents folded, dots and apostrophes dropped,
/// hyphens and runs of spaces made one space, a leading "the" dropped. "U.S." → "us",
/// "Champs-Élysées" → "champs elysees", "the Netherlands" → "netherlands".
pub fn key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.chars() {
        match c {
            '.' | '\'' | '’' | '‘' => {}
            '-' | '‐' | '–' | ' ' | '\t' | '\n' | '\u{a0}' => space = !out.is_empty(),
            _ => {
                if space {
                    out.push(' ');
                    space = false;
                }
                for l in c.to_lowercase() {
                    out.push(fold(l));
                }
            }
        }
    }
    match out.strip_prefix("the ") {
        Some(rest) => rest.to_string(),
        None => out,
    }
}

/// The unaccented letter of a Latin letter with a diacritic.
fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' | 'ģ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'į' => 'i',
        'ķ' => 'k',
        'ł' | 'ľ' | 'ļ' => 'l',
        'ñ' | 'ń' | 'ň' | 'ņ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'ť' | 'ţ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}

/// Short forms of countries and divisions, keyed like [`key`], with the full name they
/// stand for. News style (AP and Canadian Press abbreviations for states and provinces)
/// and the usual short names of countries; postal codes ("TX") are read only after a comma
/// that follows a place ([`POSTAL`]).
pub const SHORT_FORMS: &[(&str, &str)] = &[
    ("us", "United States"),
    ("usa", "United States"),
    ("america", "United States"),
    ("united states of america", "United States"),
    ("uk", "United Kingdom"),
    ("britain", "United Kingdom"),
    ("great britain", "United Kingdom"),
    ("uae", "United Arab Emirates"),
    ("holland", "Netherlands"),
    ("russian federation", "Russia"),
    ("ala", "Alabama"),
    ("ariz", "Arizona"),
    ("ark", "Arkansas"),
    ("calif", "California"),
    ("colo", "Colorado"),
    ("conn", "Connecticut"),
    ("del", "Delaware"),
    ("fla", "Florida"),
    ("ga", "Georgia"),
    ("ill", "Illinois"),
    ("ind", "Indiana"),
    ("kan", "Kansas"),
    ("kans", "Kansas"),
    ("ky", "Kentucky"),
    ("la", "Louisiana"),
    ("md", "Maryland"),
    ("mass", "Massachusetts"),
    ("mich", "Michigan"),
    ("minn", "Minnesota"),
    ("miss", "Mississippi"),
    ("mo", "Missouri"),
    ("mont", "Montana"),
    ("neb", "Nebraska"),
    ("nev", "Nevada"),
    ("nh", "New Hampshire"),
    ("nj", "New Jersey"),
    ("nm", "New Mexico"),
    ("ny", "New York"),
    ("nc", "North Carolina"),
    ("nd", "North Dakota"),
    ("okla", "Oklahoma"),
    ("ore", "Oregon"),
    ("pa", "Pennsylvania"),
    ("ri", "Rhode Island"),
    ("sc", "South Carolina"),
    ("sd", "South Dakota"),
    ("tenn", "Tennessee"),
    ("tex", "Texas"),
    ("vt", "Vermont"),
    ("va", "Virginia"),
    ("wash", "Washington"),
    ("wva", "West Virginia"),
    ("w va", "West Virginia"),
    ("wis", "Wisconsin"),
    ("wyo", "Wyoming"),
    ("alta", "Alberta"),
    ("bc", "British Columbia"),
    ("man", "Manitoba"),
    ("sask", "Saskatchewan"),
    ("ont", "Ontario"),
    ("que", "Quebec"),
    ("ns", "Nova Scotia"),
    ("nb", "New Brunswick"),
    ("nfld", "Newfoundland and Labrador"),
    ("pei", "Prince Edward Island"),
];

/// US and Canadian postal codes of states and provinces: read only as the qualifier of a
/// place ("Austin, TX"), since alone they are mostly other words.
pub const POSTAL: &[(&str, &str)] = &[
    ("al", "Alabama"),
    ("ak", "Alaska"),
    ("az", "Arizona"),
    ("ar", "Arkansas"),
    ("ca", "California"),
    ("co", "Colorado"),
    ("ct", "Connecticut"),
    ("de", "Delaware"),
    ("dc", "District of Columbia"),
    ("fl", "Florida"),
    ("ga", "Georgia"),
    ("hi", "Hawaii"),
    ("id", "Idaho"),
    ("il", "Illinois"),
    ("in", "Indiana"),
    ("ia", "Iowa"),
    ("ks", "Kansas"),
    ("ky", "Kentucky"),
    ("la", "Louisiana"),
    ("me", "Maine"),
    ("md", "Maryland"),
    ("ma", "Massachusetts"),
    ("mi", "Michigan"),
    ("mn", "Minnesota"),
    ("ms", "Mississippi"),
    ("mo", "Missouri"),
    ("mt", "Montana"),
    ("ne", "Nebraska"),
    ("nv", "Nevada"),
    ("nh", "New Hampshire"),
    ("nj", "New Jersey"),
    ("nm", "New Mexico"),
    ("ny", "New York"),
    ("nc", "North Carolina"),
    ("nd", "North Dakota"),
    ("oh", "Ohio"),
    ("ok", "Oklahoma"),
    ("or", "Oregon"),
    ("pa", "Pennsylvania"),
    ("ri", "Rhode Island"),
    ("sc", "South Carolina"),
    ("sd", "South Dakota"),
    ("tn", "Tennessee"),
    ("tx", "Texas"),
    ("ut", "Utah"),
    ("vt", "Vermont"),
    ("va", "Virginia"),
    ("wa", "Washington"),
    ("wv", "West Virginia"),
    ("wi", "Wisconsin"),
    ("wy", "Wyoming"),
    ("ab", "Alberta"),
    ("on", "Ontario"),
    ("qc", "Quebec"),
    ("mb", "Manitoba"),
    ("sk", "Saskatchewan"),
];

#[cfg(test)]
mod tests {
    use super::key;

    #[test]
    fn keys_fold_case_accents_dots_and_the() {
        assert_eq!(key("U.S."), "us");
        assert_eq!(key("Champs-Élysées"), "champs elysees");
        assert_eq!(key("the  Netherlands"), "netherlands");
        assert_eq!(key("St. John's"), "st johns");
        assert_eq!(key("MONTRÉAL"), "montreal");
    }
}
