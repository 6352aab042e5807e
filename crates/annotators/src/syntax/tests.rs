use super::*;

const TREEBANK: &str = "# a sentence written for this test
1\tPolice\tpolice\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tarrested\tarrest\tVERB\tVBD\t_\t0\troot\t_\t_
3\ttwo\ttwo\tNUM\tCD\t_\t4\tnummod\t_\t_
4\tmen\tman\tNOUN\tNNS\t_\t2\tobj\t_\t_
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tminister\tminister\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tresigned\tresign\tVERB\tVBD\t_\t0\troot\t_\t_
4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\tTroops\ttroop\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tattacked\tattack\tVERB\tVBD\t_\t0\troot\t_\t_
3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_
4\ttown\ttown\tNOUN\tNN\t_\t2\tobj\t_\t_
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_
";

#[test]
fn reads_conllu_with_the_root_after_the_last_word() {
    let s = read_conllu(TREEBANK).unwrap();
    assert_eq!(s.len(), 3);
    assert_eq!(s[0].words, ["Police", "arrested", "two", "men", "."]);
    assert_eq!(s[0].heads, [1, 5, 3, 1, 1]);
    assert_eq!(s[0].tags[1], "VBD");
    assert!(read_conllu("1\tx\tx\n").is_err());
    assert!(read_conllu("1\tx\tx\tX\tX\t_\t9\tdep\t_\t_\n").is_err());
}

#[test]
fn learns_a_small_treebank_and_survives_a_round_trip() {
    let s = read_conllu(TREEBANK).unwrap();
    let opts = SyntaxOptions { tagger_epochs: 5, parser_epochs: 10, jackknife: 1, seed: 1, prune: 0.0 };
    let model = train_syntax(&s, opts, &mut |_| {});
    let back = Syntax::from_bytes(&model.to_bytes()).unwrap();
    let scores = back.evaluate(&s);
    assert_eq!(scores.tokens, 14);
    assert!(scores.uas > 0.99 && scores.las > 0.99 && scores.tag_accuracy > 0.99, "{scores:?}");
    let tree = back.parse(&["Police", "arrested", "two", "men", "."]);
    assert_eq!(back.label_name(tree.labels[0]), "nsubj");
    assert_eq!(tree.dependents(1).collect::<Vec<_>>(), [0, 3, 4]);
    assert!(Syntax::from_bytes(&model.to_bytes()[..20]).is_err());
}

#[test]
fn parses_anything_into_a_tree() {
    let s = read_conllu(TREEBANK).unwrap();
    let opts = SyntaxOptions { tagger_epochs: 2, parser_epochs: 2, jackknife: 2, seed: 1, prune: 0.0 };
    let model = train_syntax(&s, opts, &mut |_| {});
    for words in [vec![], vec!["."], vec!["a"; 50], vec!["Unknown", "words", "only", "here"]] {
        let tree = model.parse(&words);
        assert_eq!(tree.heads.len(), words.len());
        // every word reaches the root without a cycle
        for i in 0..words.len() {
            let (mut x, mut steps) = (i, 0);
            while x != words.len() && steps <= words.len() {
                x = tree.heads[x] as usize;
                steps += 1;
            }
            assert_eq!(x, words.len());
        }
    }
}

#[test]
fn projectivity() {
    assert!(parser::projective(&[1, 3, 1]));
    // 0→2 and 1→3 cross
    assert!(!parser::projective(&[2, 3, 4, 4]));
}
