#!/usr/bin/env python3
# usage: python3 models/event-status/timebank.py ../shared/data/timeml/TimeBank /tmp/timebank-status.jsonl
"""TimeBank EVENTs with MAKEINSTANCE attributes -> events-ood JSON Lines with a status
(polarity NEG -> negated; modal would/could/may/might/can/should/must -> hypothetical;
will/shall or FUTURE -> scheduled; verbs in PAST/PRESENT otherwise -> happened; the rest skipped)."""
import re, sys, json, glob, os
out = open(sys.argv[2], 'w')
n = 0
from collections import Counter
c = Counter()
for path in sorted(glob.glob(os.path.join(sys.argv[1], '*.tml'))):
    raw = open(path, encoding='utf-8').read()
    m = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*value="(\d{4}-\d{2}-\d{2})', raw) or \
        re.search(r'<TIMEX3[^>]*value="(\d{4}-\d{2}-\d{2})"[^>]*functionInDocument="CREATION_TIME"', raw)
    dct = m.group(1) if m else None
    inst = {}
    for mi in re.finditer(r'<MAKEINSTANCE([^>]*)/?>', raw):
        a = dict(re.findall(r'(\w+)="([^"]*)"', mi.group(1)))
        inst.setdefault(a.get('eventID'), a)
    body = raw[raw.find('<TEXT>') + 6: raw.find('</TEXT>')] if '<TEXT>' in raw else raw
    text = ''
    events = []
    pos = 0
    for t in re.finditer(r'<EVENT([^>]*)>([^<]*)</EVENT>|<[^>]+>', body):
        text += body[pos:t.start()]
        if t.group(1) is not None:
            a = dict(re.findall(r'(\w+)="([^"]*)"', t.group(1)))
            start = len(text)
            text += t.group(2)
            i = inst.get(a.get('eid'), {})
            mod = i.get('modality', '').lower()
            tense = i.get('tense', '')
            pos_ = i.get('pos', '')
            if i.get('polarity') == 'NEG':
                st = 'negated'
            elif mod in ('would', 'could', 'may', 'might', 'can', 'should', 'must', "'d", 'ought'):
                st = 'hypothetical'
            elif mod in ('will', "'ll", 'shall') or tense == 'FUTURE':
                st = 'scheduled'
            elif pos_ == 'VERB' and tense in ('PAST', 'PRESENT') and a.get('class') not in ('I_STATE', 'I_ACTION'):
                st = 'happened'
            else:
                st = None
            c[st] += 1
            if st:
                events.append({"trigger": {"start": start, "end": len(text), "text": t.group(2)}, "type": None, "status": st, "participants": []})
        pos = t.end()
    text += body[pos:]
    out.write(json.dumps({"id": os.path.basename(path), "text": text, "dct": dct, "annotated": None, "events": events}) + '\n')
print(c, file=sys.stderr)
