//! Reporting verbs and nouns, speaker descriptors.

/// Reporting verbs (all forms that introduce speech or claims).
#[rustfmt::skip]
pub(crate) const CUE_VERBS: &[&str] = &[
    "say", "says", "said", "saying", "tell", "tells", "told", "telling", "warn", "warns", "warned", "warning",
    "add", "adds", "added", "adding", "note", "notes", "noted", "noting", "argue", "argues", "argued", "arguing",
    "claim", "claims", "claimed", "claiming", "insist", "insists", "insisted", "insisting", "deny", "denies", "denied",
    "acknowledge", "acknowledges", "acknowledged", "announce", "announces", "announced", "predict", "predicts",
    "predicted", "stated", "explain", "explains", "explained", "report", "reports", "reported",
    "contend", "contends", "contended", "suggest", "suggests", "suggested", "assert", "asserts", "asserted",
    "admit", "admits", "admitted", "concede", "concedes", "conceded", "confirm", "confirms", "confirmed",
    "declare", "declares", "declared", "write", "writes", "wrote", "tweet", "tweets", "tweeted", "believe",
    "believes", "believed", "think", "thinks", "thought", "estimate", "estimates", "estimated", "promise",
    "promises", "promised", "reckon", "reckons", "stress", "stresses", "stressed", "emphasise", "emphasised",
    "emphasize", "emphasized", "recall", "recalls", "recalled", "complain", "complains", "complained", "ask",
    "asks", "asked", "reply", "replies", "replied", "respond", "responded", "vow", "vows", "vowed", "allege",
    "alleges", "alleged", "maintain", "maintains", "maintained", "testify", "testified", "urge", "urged",
    "find", "finds", "found", "show", "shows", "showed", "shown", "indicate", "indicates", "indicated", "agree",
    "agrees", "agreed", "echo", "echoes", "echoed", "pledge", "pledges", "pledged", "mention", "mentions",
    "mentioned", "cite", "cites", "cited", "citing", "question", "questioned", "reveal", "reveals", "revealed",
    "learned", "hope", "hopes", "hoped", "fear", "fears", "feared", "expect", "expects", "argument",
    "exclaim", "exclaims", "exclaimed", "quipped", "quips", "countered", "counters", "retorted", "boomed", "sang",
    "snapped", "scoffed", "mused", "cautioned", "cautions",
];

/// Verbs whose object, not a clause, usually follows ("told reporters", "warned against").
pub(crate) fn takes_addressee(verb: &str) -> bool {
    matches!(
        verb,
        "tell"
            | "tells"
            | "told"
            | "telling"
            | "warn"
            | "warns"
            | "warned"
            | "warning"
            | "assure"
            | "assured"
            | "remind"
            | "reminded"
            | "urge"
            | "urged"
    )
}

/// Heads of descriptor speakers ("a spokeswoman for the ministry", "officials").
#[rustfmt::skip]
pub(crate) const DESCRIPTOR_HEADS: &[&str] = &[
    "official", "officials", "spokesman", "spokeswoman", "spokesperson", "source", "sources", "analyst", "analysts",
    "minister", "president", "lawmaker", "lawmakers", "police", "authorities", "critics", "experts", "expert",
    "economist", "economists", "aide", "aides", "statement", "report", "campaign", "government", "ministry",
    "company", "spokespeople", "representative", "representatives", "diplomat", "diplomats", "observers",
    "residents", "witnesses", "witness", "investigators", "prosecutors", "prosecutor", "lawyer", "lawyers",
    "executive", "executives", "leader", "leaders", "officer", "officers", "senator", "governor", "adviser",
    "advisers", "people", "group", "union", "poll", "survey", "study", "researchers", "scientists", "commission",
];
