//! The event vocabulary: trigger words by type, and the words that set an event's status.

/// An event type of `docs/events.md`, with its nearest CAMEO root code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Meet,
    Visit,
    Attend,
    Negotiate,
    Agree,
    Criticise,
    Warn,
    Threaten,
    Impose,
    Demand,
    Appoint,
    Resign,
    Protest,
    Arrest,
    Attack,
}

impl Kind {
    /// Every type, in the order of `docs/events.md`.
    pub(crate) const ALL: [Kind; 15] = [
        Kind::Meet,
        Kind::Visit,
        Kind::Attend,
        Kind::Negotiate,
        Kind::Agree,
        Kind::Criticise,
        Kind::Warn,
        Kind::Threaten,
        Kind::Impose,
        Kind::Demand,
        Kind::Appoint,
        Kind::Resign,
        Kind::Protest,
        Kind::Arrest,
        Kind::Attack,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Meet => "meet",
            Kind::Visit => "visit",
            Kind::Attend => "attend",
            Kind::Negotiate => "negotiate",
            Kind::Agree => "agree",
            Kind::Criticise => "criticise",
            Kind::Warn => "warn",
            Kind::Threaten => "threaten",
            Kind::Impose => "impose",
            Kind::Demand => "demand",
            Kind::Appoint => "appoint",
            Kind::Resign => "resign",
            Kind::Protest => "protest",
            Kind::Arrest => "arrest",
            Kind::Attack => "attack",
        }
    }

    /// Nearest CAMEO root code (see `docs/events.md` for the mapping and its caveats).
    pub(crate) fn cameo(self) -> &'static str {
        match self {
            Kind::Meet | Kind::Visit | Kind::Attend | Kind::Negotiate => "04",
            Kind::Agree => "05",
            Kind::Criticise => "11",
            Kind::Warn | Kind::Appoint => "01",
            Kind::Threaten => "13",
            Kind::Impose => "16",
            Kind::Demand => "10",
            Kind::Resign => "08",
            Kind::Protest => "14",
            Kind::Arrest => "17",
            Kind::Attack => "18",
        }
    }

    /// Whether the other side of the event is a counterpart (meetings, talks, deals) rather
    /// than a target (who is criticised, warned, arrested …).
    pub(crate) fn symmetric(self) -> bool {
        matches!(self, Kind::Meet | Kind::Negotiate | Kind::Agree)
    }
}

/// How a trigger word works in its clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// A finite verb, infinitive or participle: "met", "will visit", "after attending".
    Verb,
    /// A nominalisation: "the meeting", "his resignation", "talks".
    Noun,
    /// A base form that may be either ("visit", "attack", "protest"): decided by context.
    Either,
}

/// The trigger a lower-cased word starts, if any. Multi-word triggers ("step down",
/// "called for", "took part in") are completed by the caller from [`particle`].
#[rustfmt::skip]
pub(crate) fn trigger(w: &str) -> Option<(Kind, Form)> {
    use Form::*;
    use Kind::*;
    Some(match w {
        "met" | "meets" | "hosted" | "hosts" | "hosting" | "convened" | "convenes" | "convene" | "conferred"
        | "conferring" => (Meet, Verb),
        "meet" | "host" => (Meet, Verb),
        "meeting" | "meetings" | "talks" | "summit" | "summits" | "gathering" | "gatherings" | "phone-call"
        | "dialogue" | "conference" | "conferences"
        | "videoconference" | "get-together" | "tete-a-tete" => (Meet, Noun),
        "visited" | "visits" | "visiting" | "toured" | "travelled" | "traveled" | "travels" | "travelling"
        | "traveling" | "flew" | "flies" => (Visit, Verb),
        "visit" | "travel" | "tour" => (Visit, Either),
        "trip" | "trips" | "state-visit" => (Visit, Noun),
        "attended" | "attends" | "attending" | "attend" | "participated" | "participate" | "participates"
        | "participating" | "took" | "take" | "takes" | "taking" | "skipped" | "skips" | "skip" | "skipping"
        | "boycotted" | "boycotts" | "boycott" | "boycotting" | "missed" => (Attend, Verb),
        "attendance" | "participation" => (Attend, Noun),
        "negotiated" | "negotiate" | "negotiates" | "negotiating" => (Negotiate, Verb),
        "negotiations" | "negotiation" => (Negotiate, Noun),
        "signed" | "signs" | "signing" | "sign" | "agreed" | "agrees" | "agree" | "clinched" | "struck" => (Agree, Verb),
        "agreement" | "accord" | "treaty" | "ceasefire" | "truce" => (Agree, Noun),
        "criticised" | "criticized" | "criticises" | "criticizes" | "criticising" | "criticizing" | "criticise"
        | "criticize" | "accused" | "accuses" | "accusing" | "accuse" | "condemned" | "condemns" | "condemning"
        | "condemn" | "blamed" | "blames" | "blaming" | "blasted" | "slammed" | "rebuked" | "denounced"
        | "denounces" | "lambasted" => (Criticise, Verb),
        "criticism" | "criticisms" | "condemnation" | "accusation" | "accusations" | "rebuke" => (Criticise, Noun),
        "warned" | "warns" | "warn" => (Warn, Verb),
        "warning" | "warnings" => (Warn, Either),
        "threatened" | "threatens" | "threatening" | "threaten" => (Threaten, Verb),
        "blackmailed" | "blackmailing" | "intimidated" | "intimidating" | "coerced" => (Threaten, Verb),
        "blackmail" => (Threaten, Either),
        "threat" | "threats" | "ultimatum" | "ultimatums" | "intimidation" | "coercion" => (Threaten, Noun),
        "imposed" | "imposes" | "imposing" | "impose" | "slapped" | "levied" | "fined" | "fines" | "fining"
        | "sanctioned" | "penalised" | "penalized" | "banned" | "bans" | "banning" => (Impose, Verb),
        "fine" | "ban" => (Impose, Either),
        "tariffs" | "sanctions" | "sanction" | "embargo" | "embargoes" | "injunction" => (Impose, Noun),
        "demanded" | "demands" | "demanding" | "urged" | "urges" | "urging" | "urge" | "called" | "calling" => {
            (Demand, Verb)
        }
        // Asking someone to act, in CAMEO 10's wide sense: "advised X to", "recommended that".
        "advised" | "advises" | "advising" | "recommended" | "recommends" | "recommending" => (Demand, Verb),
        // Only as "asked X to act" (see `needs_particle`): "ordered 50 jets" is a purchase.
        "asked" | "asks" | "asking" | "ordered" | "orders" | "ordering" | "instructed" | "instructs" | "begged"
        | "begging" | "pressed" | "pressing" | "pressured" | "pressuring" | "directed" | "told" => (Demand, Verb),
        "demand" | "call" | "calls" => (Demand, Either),
        "appointed" | "appoints" | "appointing" | "appoint" | "named" | "names" | "elected" | "elects" | "elect"
        | "nominated" | "nominates" | "nominate" | "nominating" | "name" => (Appoint, Verb),
        // "Her election" is her appointment; "the election" a vote (see `draft_at`).
        "appointment" | "nomination" | "election" => (Appoint, Noun),
        "resigned" | "resigns" | "resigning" | "resign" | "quit" | "quits" | "quitting" | "stepped" | "step"
        | "steps" | "stepping" => (Resign, Verb),
        "ousted" | "sacked" | "dismissed" | "retired" | "retires" | "retiring" => (Resign, Verb),
        "resignation" | "resignations" | "departure" | "ouster" | "dismissal" => (Resign, Noun),
        "protested" | "protesting" | "rallied" | "rallying" | "marched" | "demonstrated" => (Protest, Verb),
        "protest" | "protests" | "rally" | "rallies" | "strike" | "strikes" => (Protest, Either),
        "demonstration" | "demonstrations" | "walkout" | "march" => (Protest, Noun),
        "arrested" | "arrests" | "arresting" | "detained" | "detains" | "detaining" | "detain" | "indicted"
        | "indicts" | "indict" | "charged" | "jailed" | "apprehended" | "imprisoned" => (Arrest, Verb),
        "charge" | "charges" => (Arrest, Either),
        "arrest" => (Arrest, Either),
        "detention" | "indictment" => (Arrest, Noun),
        // CAMEO 18 (assault) and 19 (fight), and KAIROS Conflict.Attack with the violent deaths
        // and injuries it causes: killings, bombings, explosions, shootings, clashes.
        "attacked" | "attacking" | "bombed" | "shelled" | "raided" | "stormed" | "invaded"
        | "assaulted" | "killed" | "kills" | "kill" | "murdered" | "assassinated" | "massacred"
        | "slaughtered" | "stabbed" | "tortured" | "ambushed" | "bombarded" | "bombarding" | "exploded"
        | "detonated" | "detonating" | "wounded" | "wounding" | "gunned" | "slain" | "exterminated"
        | "annihilated" | "annihilating" | "hijacked" | "raped" | "slaughtering" | "invade" | "invades" => (Attack, Verb),
        "attack" | "attacks" | "raid" | "raids" | "bombing" | "shelling" | "killing" | "shooting" | "murder" | "ambush"
        | "massacre" | "rape" => (Attack, Either),
        "airstrike" | "airstrikes" | "air-strike" | "air-strikes" | "invasion" | "bombardment" | "assault"
        | "assaults" | "killings" | "murders" | "assassination" | "assassinations" | "massacres" | "slaughter"
        | "shootings" | "stabbing" | "stabbings" | "bombings" | "explosion" | "explosions" | "blast" | "blasts"
        | "gunfire" | "clashes" | "clash" | "battle" | "battles" | "fighting" | "homicide" | "homicides"
        | "genocide" | "torture" | "skirmish" | "skirmishes" | "slaying" | "slayings" | "war" | "wars" | "coup"
        | "coups" | "combat" => (Attack, Noun),
        _ => return None,
    })
}

/// Triggers that only count with the particle or object that completes them: "took part
/// in", "step down", "called for", "flew to", "charged with", "struck a deal".
#[rustfmt::skip]
pub(crate) fn needs_particle(w: &str) -> Option<&'static [&'static str]> {
    Some(match w {
        "took" | "take" | "takes" | "taking" => &["part"],
        "stepped" | "step" | "steps" | "stepping" => &["down", "aside"],
        "called" | "calling" | "call" | "calls" => &["for", "on", "upon"],
        "flew" | "flies" | "travelled" | "traveled" | "travels" | "travelling" | "traveling" | "travel" => &["to"],
        "charged" => &["with"],
        "asked" | "asks" | "asking" | "ordered" | "orders" | "ordering" | "instructed" | "instructs" | "begged"
        | "begging" | "pressed" | "pressing" | "pressured" | "pressuring" | "directed" | "told" => &["to"],
        "struck" | "clinched" => &["a", "an", "the"],
        "named" | "names" | "name" => &[],
        _ => return None,
    })
}

/// Auxiliaries, modals, adverbs and control verbs that may stand between a subject and its
/// verb ("will be chairing", "is not considering stepping down", "threatened to impose").
#[rustfmt::skip]
pub(crate) const VERB_GROUP: &[&str] = &[
    "will", "would", "could", "should", "may", "might", "must", "shall", "can", "wo", "ca", "did", "does", "do",
    "has", "have", "had", "is", "are", "was", "were", "be", "been", "being", "'s", "’s", "'ll", "not", "n't", "never",
    "also", "later", "then", "reportedly", "already", "recently", "previously", "earlier", "still", "just", "again",
    "finally", "formally", "officially", "publicly", "jointly", "separately", "briefly", "privately", "repeatedly",
    "to", "likely", "unlikely", "expected", "set", "due", "scheduled", "planned", "plans", "plan", "planning",
    "wants", "want", "wanted", "hopes", "hope", "hoped", "aims", "aim", "seeks", "seek", "sought", "refused",
    "refuses", "declined", "declines", "considering", "consider", "considers", "considered", "going", "able",
    "threatened", "threatens", "vowed", "vows", "promised", "pledged", "intends", "intend", "decided", "agreed",
    "tried", "trying", "try", "attempted", "failed", "ready", "prepared", "preparing", "about", "soon", "first",
    "continue", "continues", "continued", "began", "begin", "begins", "started", "start", "no", "longer", "openly",
];

/// Words before a trigger that make the event negated.
pub(crate) fn negates(w: &str) -> bool {
    matches!(
        w,
        "not"
            | "n't"
            | "never"
            | "no"
            | "refused"
            | "refuses"
            | "declined"
            | "declines"
            | "denied"
            | "denies"
            | "rejected"
            | "rejects"
            | "failed"
            | "cancelled"
            | "canceled"
            | "without"
            | "nor"
    )
}

/// Words before a trigger that make the event hypothetical: modality, conditions, demands.
pub(crate) fn hypothesises(w: &str) -> bool {
    matches!(
        w,
        "could"
            | "might"
            | "may"
            | "would"
            | "should"
            | "must"
            | "if"
            | "unless"
            | "whether"
            | "likely"
            | "unlikely"
            | "possible"
            | "possibly"
            | "potential"
            | "considering"
            | "consider"
            | "considers"
            | "threatened"
            | "threatens"
            | "threatening"
            | "threat"
            | "calls"
            | "called"
            | "calling"
            | "call"
            | "demanded"
            | "demands"
            | "demand"
            | "demanding"
            | "urged"
            | "urges"
            | "urging"
            | "pressure"
            | "wants"
            | "want"
            | "wanted"
            | "hopes"
            | "hope"
            | "hoped"
            | "aims"
            | "seeks"
            | "sought"
            | "proposed"
            | "proposes"
            | "ready"
            | "tried"
            | "trying"
            | "attempted"
            | "weighing"
            | "mulling"
            | "asked"
            | "offered"
            | "offers"
            | "until"
            | "once"
            | "proposal"
    )
}

/// Words before a trigger that make the event scheduled.
pub(crate) fn schedules(w: &str) -> bool {
    matches!(
        w,
        "will"
            | "'ll"
            | "shall"
            | "due"
            | "set"
            | "scheduled"
            | "expected"
            | "plans"
            | "plan"
            | "planned"
            | "planning"
            | "upcoming"
            | "next"
            | "forthcoming"
            | "intends"
            | "going"
            | "vowed"
            | "promised"
            | "pledged"
            | "agreed"
            | "decided"
            | "preparing"
            | "prepared"
    )
}

/// Verbs that make their subject the agent of the meeting or event they govern: "will be
/// chairing the … meeting", "held talks with", "took part in the summit".
pub(crate) fn governs(w: &str) -> bool {
    matches!(
        w,
        "chair"
            | "chairs"
            | "chaired"
            | "chairing"
            | "host"
            | "hosts"
            | "hosted"
            | "hosting"
            | "hold"
            | "holds"
            | "held"
            | "holding"
            | "lead"
            | "leads"
            | "led"
            | "leading"
            | "convene"
            | "convened"
            | "convenes"
            | "organised"
            | "organized"
            | "had"
            | "has"
            | "have"
            | "began"
            | "begin"
            | "opened"
            | "launched"
            | "launch"
            | "staged"
            | "stage"
            | "made"
            | "make"
            | "makes"
            | "paid"
            | "pay"
            | "concluded"
            | "wrapped"
            | "ended"
            | "completed"
            | "announced"
            | "announces"
            | "tendered"
            | "offered"
            | "submitted"
            | "carried"
            | "waged"
            | "wage"
            | "waging"
            | "committed"
            | "perpetrated"
            | "conducted"
            | "conducting"
            | "mounted"
            | "extended"
            | "tightened"
            | "ratified"
            | "issued"
            | "issues"
            | "issue"
            | "renewed"
            | "renews"
            | "repeated"
            | "reiterated"
            | "claimed"
            | "arrived"
            | "arrives"
            | "called"
            | "calls"
            | "call"
            | "calling"
            | "demanded"
            | "demands"
            | "urged"
    )
}

/// Determiners and possessives: the next word of a noun-or-verb trigger is a noun.
pub(crate) fn determiner(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "the"
            | "this"
            | "that"
            | "these"
            | "those"
            | "his"
            | "her"
            | "its"
            | "their"
            | "our"
            | "my"
            | "your"
            | "'s"
            | "’s"
            | "'"
            | "’"
            | "no"
            | "any"
            | "first"
            | "new"
            | "last"
            | "recent"
            | "latest"
            | "planned"
            | "upcoming"
            | "annual"
            | "weekly"
            | "surprise"
            | "general"
            | "mass"
            | "official"
            | "state"
            | "brief"
            | "two-day"
            | "three-day"
            | "joint"
            | "such"
            | "further"
            | "fresh"
            | "more"
            | "of"
            | "for"
            | "after"
            | "before"
            | "during"
            | "despite"
            | "amid"
    )
}

/// Words that end the clause a trigger's arguments are looked for in.
pub(crate) fn ends_clause(w: &str) -> bool {
    matches!(
        w,
        ";" | ":"
            | "said"
            | "says"
            | "while"
            | "but"
            | "although"
            | "though"
            | "because"
            | "which"
            | "who"
            | "whose"
            | "whom"
            | "when"
            | "where"
            | "after"
            | "before"
            | "since"
            | "whereas"
            | "that"
            | "until"
            | "unless"
            | "if"
            | "saying"
            | "citing"
            | "\""
            | "“"
            | "”"
            | "("
            | ")"
            | "--"
            | "—"
            | "–"
    )
}

/// Prepositions that make the following name a place or a complement, not an actor.
pub(crate) fn locative(w: &str) -> bool {
    matches!(w, "in" | "at" | "near" | "outside" | "inside" | "across" | "from" | "into" | "around" | "throughout")
}

/// Nouns that name a group or body and stand as a subject without a determiner: "police
/// detained", "security forces" ends in a plural anyway.
pub(crate) fn collective(w: &str) -> bool {
    matches!(
        w,
        "police"
            | "military"
            | "army"
            | "navy"
            | "government"
            | "parliament"
            | "congress"
            | "staff"
            | "security"
            | "management"
            | "leadership"
            | "opposition"
            | "coalition"
            | "militia"
            | "personnel"
            | "media"
            | "public"
            | "youth"
            | "clergy"
            | "crew"
            | "infantry"
            | "artillery"
            | "aviation"
            | "intelligence"
    )
}

/// How a word governs the event it subordinates, as TimeML's subordination links show it
/// (`models/event-status/governors.tsv`, learned from TimeBank and AQUAINT).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Governs {
    /// "failed to", "denied", "prevented": the event did not happen.
    Against,
    /// "wants to", "hopes to", "agreed to": the event may happen.
    Possibly,
}

/// The learned way `w` governs a subordinated event, when the links agree often enough.
pub(crate) fn governs_event(w: &str) -> Option<Governs> {
    static TABLE: std::sync::LazyLock<std::collections::HashMap<&'static str, Governs>> =
        std::sync::LazyLock::new(|| {
            let mut out = std::collections::HashMap::new();
            for line in include_str!("../../../../models/event-status/governors.tsv").lines() {
                if line.starts_with('#') {
                    continue;
                }
                let mut f = line.split('\t');
                let word = f.next().unwrap_or_default();
                // MODAL, FACTIVE, COUNTER_FACTIVE, NEG_EVIDENTIAL, CONDITIONAL, EVIDENTIAL
                let n: Vec<u32> = f.map(|x| x.parse().unwrap_or(0)).collect();
                if n.len() != 6 {
                    continue;
                }
                let total: u32 = n.iter().sum();
                let (modal, against) = (n[0] + n[4], n[2] + n[3]);
                if against >= 2 && 2 * against >= total {
                    out.insert(word, Governs::Against);
                } else if modal >= 3 && 10 * modal >= 6 * total {
                    out.insert(word, Governs::Possibly);
                }
            }
            out
        });
    TABLE.get(w).copied()
}
