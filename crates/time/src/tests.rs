use chrono::NaiveDate;

use crate::{tag, whitespace_tokens};

/// (text, type, value) of every expression, for a DCT of Saturday 2018-04-21.
fn found(text: &str) -> Vec<(String, String, String)> {
    found_with(text, NaiveDate::from_ymd_opt(2018, 4, 21))
}

fn found_with(text: &str, dct: Option<NaiveDate>) -> Vec<(String, String, String)> {
    tag(text, &[whitespace_tokens(text)], dct)
        .into_iter()
        .map(|t| (text[t.span.range()].to_string(), format!("{:?}", t.kind).to_uppercase(), t.value))
        .collect()
}

fn one(text: &str) -> (String, String, String) {
    let f = found(text);
    assert_eq!(f.len(), 1, "{text}: {f:?}");
    f.into_iter().next().unwrap()
}

fn check(text: &str, extent: &str, kind: &str, value: &str) {
    assert_eq!(one(text), (extent.to_string(), kind.to_string(), value.to_string()), "{text}");
}

#[test]
fn dates() {
    check("The summit opened on April 21.", "April 21", "DATE", "2018-04-21");
    check("It was signed on Sept. 30, 1989.", "Sept. 30, 1989", "DATE", "1989-09-30");
    check("Prices fell in 2017.", "2017", "DATE", "2017");
    check("The figures for last year were weak.", "last year", "DATE", "2017");
    check("Sales rose this month.", "this month", "DATE", "2018-04");
    check("He will travel next week.", "next week", "DATE", "2018-W17");
    check("Profit fell in the first quarter.", "the first quarter", "DATE", "2018-Q1");
    check("Growth slowed in the 1990s.", "the 1990s", "DATE", "199");
    check("Talks resume early next year.", "early next year", "DATE", "2019");
    check("The plant closed last April.", "last April", "DATE", "2017-04");
    check("The plant closed last February.", "last February", "DATE", "2018-02");
    check("It was built this summer.", "this summer", "DATE", "2018-SU");
    check("Shares rose 5 per cent today.", "today", "DATE", "2018-04-21");
    check("Two years ago the firm was small.", "Two years ago", "DATE", "2016");
    check("The 2018-04-19 filing was late.", "2018-04-19", "DATE", "2018-04-19");
}

#[test]
fn tense_decides_the_direction_of_weekdays_and_dates() {
    check("Mr Aso told reporters on Friday in Washington.", "Friday", "DATE", "2018-04-20");
    check("The board will meet on Monday.", "Monday", "DATE", "2018-04-23");
    check("He will be chairing the meeting on April 26-27.", "April 26-27", "DATE", "2018-04-26");
    check("The deal was signed in December.", "December", "DATE", "2017-12");
    check("The vote is scheduled for June.", "June", "DATE", "2018-06");
    // Plans and reported futures look ahead even in a past-tense sentence.
    check("The team planned to leave the capital on Tuesday.", "Tuesday", "DATE", "2018-04-24");
    check("She said the delegation would arrive on Monday.", "Monday", "DATE", "2018-04-23");
    check("They could be released as soon as Wednesday.", "Wednesday", "DATE", "2018-04-25");
    check("Officials postponed the ruling until Tuesday.", "Tuesday", "DATE", "2018-04-24");
    check("Until Thursday, police had not named a suspect.", "Thursday", "DATE", "2018-04-19");
}

#[test]
fn times_durations_sets_and_references() {
    check("Trading halted at 3 p.m. yesterday.", "3 p.m. yesterday", "TIME", "2018-04-20T15:00");
    check("Shares fell 3 percent this morning.", "this morning", "TIME", "2018-04-21TMO");
    check("He attended his first summit in a year.", "a year", "DURATION", "P1Y");
    check("The strike lasted three weeks.", "three weeks", "DURATION", "P3W");
    check("Prices doubled over the past 10 days.", "the past 10 days", "DURATION", "P10D");
    check("It took several years to build.", "several years", "DURATION", "PXY");
    check("The committee meets every Monday.", "every Monday", "SET", "XXXX-WXX-1");
    check("Reports are published annually.", "annually", "SET", "P1Y");
    check("The company is now profitable.", "now", "DATE", "PRESENT_REF");
    check("Prices rose recently.", "recently", "DATE", "PAST_REF");
    check("Growth will return in the future.", "the future", "DATE", "FUTURE_REF");
    check("Earlier in the week, ministers met.", "Earlier in the week", "DATE", "2018-W16");
    check("He worked there for nearly two years.", "nearly two years", "DURATION", "P2Y");
}

#[test]
fn anaphoric_expressions_follow_the_last_mentioned_date() {
    let f = found("The plant opened on March 3, 2015. It closed the following day and reopened that year.");
    let values: Vec<&str> = f.iter().map(|(_, _, v)| v.as_str()).collect();
    assert_eq!(values, ["2015-03-03", "2015-03-04", "2015"], "{f:?}");
    // With nothing mentioned before, the article's date is the reference.
    assert_eq!(one("He left the following day.").2, "2018-04-22");
}

#[test]
fn bad_input_does_not_give_wrong_certainty() {
    // An impossible day keeps the month only.
    assert_eq!(one("It happened on February 30, 2018."), ("February 30, 2018".into(), "DATE".into(), "2018-02".into()));
    // Without a creation time, relative values stay underspecified.
    assert_eq!(
        found_with("He spoke on Friday.", None),
        [("Friday".to_string(), "DATE".to_string(), "XXXX-WXX-5".to_string())]
    );
    // Scores, prices and G-20 are not dates.
    for text in [
        "The team won 2-1 on penalties.",
        "The G-20 met.",
        "It cost $2000 dollars.",
        "He may go.",
        "A 30-year-old man.",
    ] {
        let f = found(text);
        assert!(
            f.iter().all(|(t, _, _)| !t.contains("20") && !t.contains("May") && !t.contains("2-1") && t != "30-year"),
            "{text}: {f:?}"
        );
    }
    for text in ["", "9999-99-99", "in 99999", "the the the", "Month of March Madness"] {
        let _ = found(text);
    }
}

#[test]
fn holidays_resolve_to_their_date_in_the_right_year() {
    // DCT Saturday 2018-04-21: the last Thanksgiving was 2017-11-23 (fourth Thursday).
    check("Prices have fallen since Thanksgiving Day.", "Thanksgiving Day", "DATE", "2017-11-23");
    check("The shop will close on Christmas Eve.", "Christmas Eve", "DATE", "2018-12-24");
    // Election Day: the Tuesday after the first Monday in November.
    check("Voters will go to the polls on Election Day.", "Election Day", "DATE", "2018-11-06");
    check("Sales were weak last Christmas.", "last Christmas", "DATE", "2017-12-25");
    // Lower case, the words are generic.
    assert!(found("Every election day brings queues.").is_empty());
}

#[test]
fn tense_cues_read_in_context() {
    // "next to" is a place; the past tense of the sentence decides.
    check("Scores were killed in the blast next to the embassy on Friday.", "Friday", "DATE", "2018-04-20");
    // A participle under a modal looks ahead; "could" is also a past ("could not be reached").
    check("The summit would still be held on Monday.", "Monday", "DATE", "2018-04-23");
    check("He could not be located on Wednesday.", "Wednesday", "DATE", "2018-04-18");
    check("The boy could be handed over as early as Tuesday.", "Tuesday", "DATE", "2018-04-24");
    // A long name after the expression does not use up the window for the verb.
    check(
        "On Tuesday, the National Association of Concerned Local Residents plans to hold a rally.",
        "Tuesday",
        "DATE",
        "2018-04-24",
    );
    // A schedule in the present looks ahead; a plan in the past perfect is itself past.
    check("He and Ms Tan meet the envoy separately Monday.", "Monday", "DATE", "2018-04-23");
    check("The offer had been due to expire Friday.", "Friday", "DATE", "2018-04-20");
    check("The team got off to a strong start Friday.", "Friday", "DATE", "2018-04-20");
    check("The offer is due to expire Friday.", "Friday", "DATE", "2018-04-27");
}

#[test]
fn clock_times_keep_their_zone_and_find_their_day() {
    check("The plane landed at 4 a.m. EDT Thursday.", "4 a.m. EDT Thursday", "TIME", "2018-04-19T04:00");
    // The day after an aside still dates the time, outside the expression.
    let f = found("The blast occurred at 10:35 a.m. (0735 GMT) Friday.");
    assert_eq!(f[0], ("10:35 a.m.".to_string(), "TIME".to_string(), "2018-04-20T10:35".to_string()), "{f:?}");
}

#[test]
fn titles_and_idioms_are_not_times() {
    for text in [
        "She appeared on 60 Minutes last night.",
        "The moment has come.",
        "Long-term investors sold.",
        "Later in the day, he left.",
    ] {
        let f = found(text);
        assert!(
            f.iter().all(|(t, _, _)| !t.contains("Minutes")
                && !t.contains("moment")
                && !t.contains("term")
                && !t.contains("day")),
            "{text}: {f:?}"
        );
    }
}

#[test]
fn early_years_need_a_word_that_makes_them_dates() {
    check("The castle was built in 1722.", "1722", "DATE", "1722");
    let years: Vec<String> = found("The abbey stood from 1150 to 1540.").into_iter().map(|f| f.2).collect();
    assert_eq!(years, ["1150", "1540"]);
    assert!(found("The farmer kept 1500 sheep.").is_empty());
}

#[test]
fn possessive_days_and_deadlines() {
    // DCT Saturday 2018-04-21. A possessive day already happened, whatever the verb says.
    check("Lawyers will try to overturn Wednesday's ruling.", "Wednesday", "DATE", "2018-04-18");
    check("Traders will study Saturday's figures.", "Saturday", "DATE", "2018-04-21");
    // A deadline lies ahead even under a past verb.
    check("The agency gave them until Tuesday to sign.", "Tuesday", "DATE", "2018-04-24");
    check("Officials postponed the ruling until Tuesday.", "Tuesday", "DATE", "2018-04-24");
    check("Until Thursday, police had not named a suspect.", "Thursday", "DATE", "2018-04-19");
    check("He said the group could leave as soon as Monday.", "Monday", "DATE", "2018-04-23");
    // An infinitive of intent looks ahead past an earlier past verb.
    check("Talks that collapsed are set to resume Monday.", "Monday", "DATE", "2018-04-23");
}

#[test]
fn years_quarters_and_counts() {
    check("Net income fell in the 2017 second quarter.", "the 2017 second quarter", "DATE", "2017-Q2");
    // A year is not a count of quarters; transcripts' "five year" still is a duration.
    assert!(found("Compared with the 2017 quarter, sales rose.").iter().all(|f| f.1 != "DURATION"));
    check("They signed a five year deal.", "five year", "DURATION", "P5Y");
    check("They may stay two more weeks.", "two more weeks", "DURATION", "P2W");
    check("Output fell in this year's third quarter.", "this year's third quarter", "DATE", "2018-Q3");
    check("Sales should recover in next year's first quarter.", "next year's first quarter", "DATE", "2019-Q1");
    check("Plans for the year two thousand are ready.", "the year two thousand", "DATE", "2000");
    check("Nobody expected it by the year 2030.", "the year 2030", "DATE", "2030");
}

#[test]
fn a_clock_time_without_a_day_is_on_the_day_last_named() {
    assert_eq!(
        found("The jury met on April 12. The verdict came at 3 p.m."),
        [
            ("April 12".into(), "DATE".into(), "2018-04-12".into()),
            ("3 p.m.".into(), "TIME".into(), "2018-04-12T15:00".into())
        ]
    );
    // A day named two sentences back no longer dates it.
    let text = "The jury met on April 12. It adjourned. The verdict came at 3 p.m. that day";
    let mut sentences = vec![Vec::new()];
    for t in whitespace_tokens(text) {
        sentences.last_mut().unwrap().push(t);
        if &text[t.0..t.1] == "." {
            sentences.push(Vec::new());
        }
    }
    let f = tag(text, &sentences, NaiveDate::from_ymd_opt(2018, 4, 21));
    assert_eq!(sentences.len(), 3, "{sentences:?}");
    assert_eq!((&text[f[1].span.range()], f[1].value.as_str()), ("3 p.m.", "2018-04-21T15:00"), "{f:?}");
    // With no day named, the article's date.
    check("The verdict came at 3 p.m.", "3 p.m.", "TIME", "2018-04-21T15:00");
}

#[test]
fn clock_words_and_the_day_after() {
    check("The shots came at 4 in the morning.", "4 in the morning", "TIME", "2018-04-21T04:00");
    assert_eq!(
        found("The boy left on April 12. He was seen the next morning."),
        [
            ("April 12".into(), "DATE".into(), "2018-04-12".into()),
            ("the next morning".into(), "DATE".into(), "2018-04-13".into())
        ]
    );
}

#[test]
fn seasons_halves_and_a_time_with_its_date() {
    check("The plant reopened last summer.", "last summer", "DATE", "2017-SU");
    let autumn = NaiveDate::from_ymd_opt(1989, 10, 26);
    assert_eq!(
        found_with("Orders fell this past spring.", autumn),
        [("this past spring".into(), "DATE".into(), "1989-SP".into())]
    );
    assert_eq!(found_with("It snowed last spring.", autumn)[0].2, "1988-SP");
    check("Margins widened in the last half of 2017.", "the last half of 2017", "DATE", "2017-H2");
    check("Margins widened in the first half of 2019.", "the first half of 2019", "DATE", "2019-H1");
    check("A day-long strike shut the port.", "day-long", "DURATION", "P1D");
    check("They began a two-week-long tour.", "two-week-long", "DURATION", "P2W");
    check("It ended a decades-long feud.", "decades-long", "DURATION", "PXDE");
    check("Debt should fall by year-end.", "year-end", "DATE", "2018");
    check("Debt should fall by year's end.", "year's end", "DATE", "2018");
    check("Bids close at 5 p.m. EST, April 23.", "5 p.m. EST, April 23", "TIME", "2018-04-23T17:00");
}

#[test]
fn halves_couples_and_seasons_of_a_year() {
    check("The talks lasted half an hour.", "half an hour", "DURATION", "PT30M");
    check("They took a half-hour break.", "a half-hour", "DURATION", "PT30M");
    check("The vote took an hour and a half.", "an hour and a half", "DURATION", "PT1H30M");
    check("He served 2 1/2 years in jail.", "2 1/2 years", "DURATION", "P2Y6M");
    check("He lived abroad for two and a half years.", "two and a half years", "DURATION", "P2Y6M");
    check("The flight took 5 1/2 hours.", "5 1/2 hours", "DURATION", "PT5H30M");
    check("It has been half a century.", "half a century", "DURATION", "P50Y");
    check("It took a couple of days.", "a couple of days", "DURATION", "P2D");
    check("The plant opened on the 15th of March.", "the 15th of March", "DATE", "2018-03-15");
    check("Talks resume in two weeks' time.", "two weeks", "DURATION", "P2W");
    check("The cabinet meets every two weeks.", "every two weeks", "SET", "P2W");
    check("Q3 profit rose.", "Q3", "DATE", "2017-Q3");
    check("The first half of the year was weak.", "The first half of the year", "DATE", "2018-H1");
    check("Sales fell in the third quarter of this year.", "the third quarter of this year", "DATE", "2018-Q3");
    check("The law takes effect on Jan. 1.", "Jan. 1", "DATE", "2019-01-01");
    let f = found("Polls close at 8 p.m. on Monday.");
    assert_eq!(f[0], ("8 p.m.".to_string(), "TIME".to_string(), "2018-04-16T20:00".to_string()), "{f:?}");
    check("Talks stalled in the summer.", "the summer", "DATE", "2017-SU");
    check("It was built this summer.", "this summer", "DATE", "2018-SU");
    check("He resigned on 25/03/2018.", "25/03/2018", "DATE", "2018-03-25");
    check("He resigned on 03/25/2018.", "03/25/2018", "DATE", "2018-03-25");
    check("He resigned on 2018/03/12.", "2018/03/12", "DATE", "2018-03-12");
    // Day-month or month-day: only the year is certain.
    check("He resigned on 12/03/2018.", "12/03/2018", "DATE", "2018");
    assert!(found("The score was 31/02/2018 wrong.").is_empty());
    check("Hearings start the week of April 30.", "the week of April 30", "DATE", "2018-W18");
    check("The winter of 1994 was cold.", "The winter of 1994", "DATE", "1994-WI");
    check("Prices rose in the summer of nineteen ninety-six.", "the summer of nineteen ninety-six", "DATE", "1996-SU");
    check("They met a year and a half ago.", "a year and a half ago", "DATE", "2016-10");
    check("They met two and a half years ago.", "two and a half years ago", "DATE", "2015-10");
    // Half a week is no whole number of days: the week alone.
    check("They waited a week and a half.", "a week", "DURATION", "P1W");
}

/// (text, value) pairs, for texts where only the values matter.
fn values_with(text: &str, dct: Option<NaiveDate>) -> Vec<(String, String)> {
    found_with(text, dct).into_iter().map(|(t, _, v)| (t, v)).collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|(t, v)| (t.to_string(), v.to_string())).collect()
}

#[test]
fn a_history_dates_what_it_narrates_in_the_years_it_states() {
    // Written long after: the yearless dates belong to the years the text narrates.
    let history = "The war began in 1861. By February 1861, six states had left. On February 7, they \
                   adopted a constitution. Lee lost at Gettysburg in July 1863. In June, Meade took \
                   command. The siege ended in 1864. The army rested that winter. In 1865 the war ended.";
    let dct = NaiveDate::from_ymd_opt(2009, 12, 19);
    assert_eq!(
        values_with(history, dct),
        pairs(&[
            ("1861", "1861"),
            ("February 1861", "1861-02"),
            ("February 7", "1861-02-07"),
            ("July 1863", "1863-07"),
            ("June", "1863-06"),
            ("1864", "1864"),
            ("that winter", "1864-WI"),
            ("1865", "1865"),
        ])
    );
}

#[test]
fn news_with_history_keeps_its_own_year() {
    // News that recalls the past still dates "March 12" in its own year: it speaks of days
    // relative to the day of writing ("on Tuesday"), and looks ahead.
    let news = "The three states, invited to join in July 1997, signed on Tuesday. NATO was founded \
                in 1949 and grew in 1952, 1955 and 1982. They will join on March 12.";
    let dct = NaiveDate::from_ymd_opt(1999, 2, 27);
    let found = values_with(news, dct);
    assert!(found.contains(&("March 12".to_string(), "1999-03-12".to_string())), "{found:?}");
    assert!(found.contains(&("Tuesday".to_string(), "1999-02-23".to_string())), "{found:?}");
}

#[test]
fn later_counts_from_the_last_date_the_text_named() {
    let text = "He was arrested on March 3, 1998. Two days later he was freed. He left three days ago.";
    assert_eq!(
        values_with(text, NaiveDate::from_ymd_opt(2018, 4, 21)),
        pairs(&[("March 3, 1998", "1998-03-03"), ("Two days later", "1998-03-05"), ("three days ago", "2018-04-18")])
    );
    // A year is not precise enough to count days from: the day of writing stays the reference.
    let coarse = "The fort was built in 1345. Two hours later it rained.";
    let found = values_with(coarse, NaiveDate::from_ymd_opt(2018, 4, 21));
    assert_eq!(found[1], ("Two hours later".to_string(), "2018-04-21".to_string()));
}

#[test]
fn spans_of_years_and_years_before_the_common_era() {
    let text = "Eastern Theater 1861-1863. The 1998-99 season. The war of 490 BC. Rome fell in 146 B.C. \
                The wars of 264–241 BC. He lived 1879–1968.";
    let found: Vec<(String, String, Option<String>, Option<String>)> =
        tag(text, &[whitespace_tokens(text)], NaiveDate::from_ymd_opt(2018, 4, 21))
            .into_iter()
            .map(|t| (text[t.span.range()].to_string(), t.value, t.from, t.to))
            .collect();
    let some = |s: &str| Some(s.to_string());
    assert_eq!(
        found,
        vec![
            ("1861-1863".into(), "1861".into(), some("1861"), some("1863")),
            ("1998-99".into(), "1998".into(), some("1998"), some("1999")),
            ("490 BC".into(), "BC0490".into(), None, None),
            ("146 B.C.".into(), "BC0146".into(), None, None),
            ("264–241 BC".into(), "BC0264".into(), some("BC0264"), some("BC0241")),
            ("1879–1968".into(), "1879".into(), some("1879"), some("1968")),
        ]
    );
    // Not spans: a score, a range that runs backwards, a phone number.
    assert!(found_with("They won 1998-1995 on points.", None).is_empty());
    assert!(found_with("Call 555-1234.", None).is_empty());
}

#[test]
fn seasons_alone_need_a_preposition() {
    // In April, a past winter is the one that began last December.
    check("The offensive stalled in winter.", "winter", "DATE", "2017-WI");
    check("Prices will rise during summer.", "summer", "DATE", "2018-SU");
    assert!(found("The Arab Spring began in Tunisia.").is_empty());
    assert!(found("Prices fall as spring water floods the market.").is_empty());
    assert!(found("Historians debate the fall of Saigon.").is_empty());
}

#[test]
fn parts_of_the_day_the_text_is_on() {
    let text = "The troops landed on June 5, 1944. That night they crossed the river. They attacked \
                on the morning of June 7, 1944.";
    assert_eq!(
        values_with(text, NaiveDate::from_ymd_opt(2018, 4, 21)),
        pairs(&[
            ("June 5, 1944", "1944-06-05"),
            ("That night", "1944-06-05TNI"),
            ("the morning of June 7, 1944", "1944-06-07TMO")
        ])
    );
    check("Shares rose in the afternoon.", "the afternoon", "TIME", "2018-04-21TAF");
    assert!(found("He read the evening news.").is_empty());
}

#[test]
fn ordinals_and_fractions_are_not_units_of_time() {
    assert!(found("A second attack failed.").is_empty());
    assert!(found("Three quarters of the voters agreed.").is_empty());
    check("The lights went out a second later.", "a second later", "TIME", "2018-04-21");
    check("Profits fell for several quarters of the decade.", "several quarters", "DURATION", "PXQ");
}

#[test]
fn spans_of_days_and_months_and_dates_joined_to_a_year() {
    let dct = NaiveDate::from_ymd_opt(2009, 12, 19);
    let text = "The battle (22-25 April 1951) was lost. The Pusan Perimeter (August-September 1950) held. \
                Casualties between March and April 1918 were high. They fought from October to March 1945.";
    let found: Vec<(String, String, Option<String>)> = tag(text, &[whitespace_tokens(text)], dct)
        .into_iter()
        .map(|t| (text[t.span.range()].to_string(), t.value, t.to))
        .collect();
    let row = |t: &str, v: &str, to: Option<&str>| (t.to_string(), v.to_string(), to.map(str::to_string));
    assert_eq!(
        found,
        vec![
            row("22-25 April 1951", "1951-04-22", Some("1951-04-25")),
            row("August-September 1950", "1950-08", Some("1950-09")),
            row("March", "1918-03", None),
            row("April 1918", "1918-04", None),
            row("October", "1944-10", None),
            row("March 1945", "1945-03", None),
        ]
    );
}

#[test]
fn centuries_same_days_and_bracketed_years() {
    check("Trade grew in the 19th century.", "the 19th century", "DATE", "18");
    check("It was a 20th century invention.", "20th century", "DATE", "19");
    check("The temple dates from the fifth century BC.", "the fifth century BC", "DATE", "BC04");
    check("The club was founded (1791) by merchants.", "1791", "DATE", "1791");
    let text = "Paris fell on June 14, 1940. That same day the army retreated.";
    assert_eq!(
        values_with(text, NaiveDate::from_ymd_opt(2009, 12, 19)),
        pairs(&[("June 14, 1940", "1940-06-14"), ("That same day", "1940-06-14")])
    );
}

#[test]
fn dates_joined_by_a_hyphen_and_years_used_as_years_elsewhere() {
    let dct = NaiveDate::from_ymd_opt(2009, 12, 19);
    let text = "December 1979-February 1980 was the occupation. The war ran from 264 to 241 BC. \
                From 15 to 22 February 1980 they attacked. Howe took the city in 1777. \
                Both generals resigned after the 1777 campaign, which cost 1777 soldiers.";
    assert_eq!(
        values_with(text, dct),
        pairs(&[
            ("December 1979", "1979-12"),
            ("February 1980", "1980-02"),
            ("264 to 241 BC", "BC0264"),
            ("15 to 22 February 1980", "1980-02-15"),
            ("1777", "1777"),
            ("1777", "1777"),
        ])
    );
    // A compound is not a range: "30-year-old".
    assert!(found("A 30-year-old man was hurt.").is_empty());
}

#[test]
fn seasons_joined_to_seasons_and_what_happens_in_them() {
    let dct = NaiveDate::from_ymd_opt(2018, 4, 21);
    assert_eq!(
        values_with("Allied victory came in summer and autumn 1918.", dct),
        pairs(&[("summer", "1918-SU"), ("autumn 1918", "1918-FA")])
    );
    assert_eq!(values_with("The army entered winter quarters.", dct), pairs(&[("winter", "2017-WI")]));
    assert!(found("His winter coat was warm.").is_empty());
}

#[test]
fn months_after_conjunctions_and_years_within_a_narrated_period() {
    let dct = NaiveDate::from_ymd_opt(2018, 4, 21);
    let texts: Vec<String> = found("They fought from October to March.").into_iter().map(|(t, _, _)| t).collect();
    assert_eq!(texts, ["October", "March"]);
    assert!(found("The ministers of Poland and Jan Kavan signed.").is_empty());
    check("By the middle of summer the army was larger.", "the middle of summer", "DATE", "2017-SU");
    // A history of 1775-1783 ends with "the 1784 Treaty", named nowhere else.
    let history = "War broke out in 1775. Boston fell in 1776. Howe sailed in 1777. France joined in 1778. \
                   Spain joined in 1779. The last battle came in 1781. Peace was signed in 1783. \
                   In India the war ended with the 1784 Treaty of Mangalore.";
    let found = values_with(history, dct);
    assert_eq!(found.last(), Some(&("1784".to_string(), "1784".to_string())), "{found:?}");
}

#[test]
fn coordinated_days_are_each_a_date() {
    let extents_and_values =
        |text: &str| -> Vec<(String, String)> { found(text).into_iter().map(|(t, _, v)| (t, v)).collect() };
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter().map(|(t, d)| (t.to_string(), d.to_string())).collect()
    };
    assert_eq!(
        extents_and_values("The talks were held on May 4 and 5, 1945, in Reims."),
        pairs(&[("May 4", "1945-05-04"), ("5, 1945", "1945-05-05")])
    );
    assert_eq!(
        extents_and_values("Voting takes place on 7 and 8 May."),
        pairs(&[("7", "2018-05-07"), ("8 May", "2018-05-08")])
    );
    // Numbers that are not days of a month stay numbers.
    assert!(found("Between 2 and 3 percent of voters changed their minds.").is_empty());
}

#[test]
fn a_text_may_end_on_any_word_of_a_date() {
    // A headline ending in a weekday once read past the last word ("Talks resume Saturday").
    check("Talks resume Saturday", "Saturday", "DATE", "2018-04-21");
    for text in ["Talks resume Saturday,", "The plan for 2018-", "Due on Monday (", "In 2018-03-"] {
        let _ = found(text);
    }
}

#[test]
fn a_hyphenated_modifier_keeps_a_schedule_word_a_noun() {
    // "began a two-day visit on Monday" looks back like "began a visit on Monday"; the DCT
    // (2018-04-21) is a Saturday.
    let f = found("She began a two-day visit on Monday.");
    assert!(f.contains(&("Monday".to_string(), "DATE".to_string(), "2018-04-16".to_string())), "{f:?}");
    check("She began a visit on Monday.", "Monday", "DATE", "2018-04-16");
    // A present tense of a schedule verb still looks ahead.
    check("She visits Riyadh on Monday.", "Monday", "DATE", "2018-04-23");
}

#[test]
fn an_unspaced_dash_after_a_date_leaves_the_date_whole() {
    check("Troops crossed on 2 October 1950-the day after the vote.", "2 October 1950", "DATE", "1950-10-02");
    check("They had stayed away since January-protesting that nothing changed.", "January", "DATE", "2018-01");
    // A compound modifier is no date of its own.
    assert_eq!(found("He drove a 1950-style car."), vec![]);
}

#[test]
fn clock_times_with_their_meridiem_written_on() {
    check("The ceasefire began at 5:30PM Friday.", "5:30PM Friday", "TIME", "2018-04-20T17:30");
    check("The unit was deployed by 05:30hrs.", "05:30hrs", "TIME", "2018-04-21T05:30");
    // "48hrs" is a length, not a time of day.
    assert!(found("They held out for 48hrs.").iter().all(|(_, k, _)| k != "TIME"));
    let f = found("They marched from 19:00-03:00hrs.");
    assert_eq!(
        f.iter().map(|(t, _, v)| (t.as_str(), v.as_str())).collect::<Vec<_>>(),
        [("19:00", "2018-04-21T19:00"), ("03:00hrs", "2018-04-21T03:00")]
    );
}

#[test]
fn decades_before_the_common_era() {
    check("Throughout the 470s BC, the league campaigned.", "the 470s BC", "DATE", "BC047");
}

#[test]
fn seasons_joined_by_a_hyphen_share_the_year() {
    let f = found_with("Ships left during the winter-spring of 1920.", None);
    assert_eq!(f[0], ("the winter".to_string(), "DATE".to_string(), "1920-WI".to_string()));
    assert_eq!(f[1].2, "1920-SP");
    // A fall is a season only where a preposition makes it a time.
    assert_eq!(found("The fall took two days."), vec![("two days".into(), "DURATION".into(), "P2D".into())]);
    check("They attacked in Spring.", "Spring", "DATE", "2018-SP");
}

#[test]
fn days_and_years_by_their_numbers_take_month_and_century_from_the_text() {
    let f = found("The delegation replied on 2 October. On the 5th, the Soviets offered amendments.");
    assert_eq!(f[1], ("the 5th".to_string(), "DATE".to_string(), "2017-10-05".to_string()));
    let f = found("They fought from the 13th to the 19th of October 1950.");
    assert_eq!(f[0].2, "1950-10-13");
    // No month named before: no date; a rank is no day.
    assert_eq!(found("On the 5th, they left."), vec![]);
    assert!(found("In October they moved to the 5th floor.").iter().all(|(t, _, _)| t != "the 5th"));
    // A tokeniser that keeps "'89" whole (as the pipeline's does).
    let by_spaces = |text: &str| -> Vec<String> {
        let tokens: Vec<(usize, usize)> = text
            .split(' ')
            .scan(0, |at, w| {
                let s = *at;
                *at += w.len() + 1;
                Some((s, s + w.len()))
            })
            .collect();
        tag(text, &[tokens], NaiveDate::from_ymd_opt(2018, 4, 21)).into_iter().map(|t| t.value).collect()
    };
    assert_eq!(by_spaces("In 1790 royalists left the Club of '89 ."), ["1790", "1789"]);
    assert_eq!(by_spaces("They joined the class of '99 ."), ["1999"]);
    assert_eq!(by_spaces("' 10 killed in blast ' , '10 killed in blast'"), Vec::<String>::new());
}

#[test]
fn the_common_era_mark_makes_any_number_a_year() {
    check("He was born around 347 AD in Stridon.", "347 AD", "DATE", "0347");
    check("The abbey was founded in AD 597.", "AD 597", "DATE", "0597");
    // A spaced hyphen joins two full years only.
    check("The painter (1710 - 1774) worked in Paris.", "1710 - 1774", "DATE", "1710");
    assert!(found("The score was 3 - 1 at half time.").is_empty());
}

#[test]
fn months_joined_by_a_slash_are_a_span() {
    let f = found("In August/September 1956, the fighting spread.");
    assert_eq!(f[0].0, "August/September 1956");
    assert_eq!(f[0].2, "1956-08");
    // Numbers keep their slash: a date, not two words.
    assert_eq!(found("It happened on 4/21/2018.")[0].2, "2018-04-21");
}

#[test]
fn time_words_capitalised_inside_a_sentence_are_names() {
    let texts = |text: &str| found(text).into_iter().map(|(t, _, _)| t).collect::<Vec<_>>();
    assert_eq!(texts("The China Daily said on Monday that prices rose ."), ["Monday"]);
    assert_eq!(texts("He watched the film High Noon with the mayor ."), Vec::<String>::new());
    assert_eq!(texts("She told ABC's This Week program that talks failed ."), Vec::<String>::new());
    // Where a sentence begins, in a headline in title case, and for words always capitalised.
    assert_eq!(texts("Today , the mayor resigned ."), ["Today"]);
    assert_eq!(texts("Mayor Of Springfield Quits Today After Audit"), ["Today"]);
    assert_eq!(texts("Shops close on Christmas Day and reopen in January ."), ["Christmas Day", "January"]);
}

/// `recognize::may_start` lets the recogniser skip words no rule starts on: every
/// expression any text of these tests holds must start on a word it accepts.
#[test]
fn every_expression_starts_on_a_word_the_filter_accepts() {
    let source = include_str!("tests.rs");
    let mut literals = 0;
    for (k, text) in source.split('"').enumerate().filter(|(k, _)| k % 2 == 1) {
        // Inside a literal, an escaped quote would shift the split; the tests have none.
        assert!(!text.ends_with('\\'), "literal {k}");
        let mut lowered = String::new();
        let words = crate::words::words(text, &[whitespace_tokens(text)], &mut lowered);
        for i in 0..words.len() {
            if let Some(f) = crate::recognize::at(&words, i) {
                literals += 1;
                assert!(
                    crate::recognize::may_start(words[i].lower),
                    "{text:?}: {:?} starts at {:?}",
                    &text[words[f.start].start..words[f.end - 1].end],
                    words[i].text
                );
            }
        }
    }
    assert!(literals > 500, "only {literals} expressions read");
    for w in crate::recognize::STARTERS {
        assert!(crate::recognize::may_start(w), "{w}");
    }
    for w in ["said", "the.", "thee", "nowhere", "president", "", "annual", "monthlies"] {
        assert_eq!(crate::recognize::may_start(w), w == "the.", "{w}");
    }
}
