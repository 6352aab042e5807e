#!/usr/bin/env python3
"""Generate examples/warc/crawl.warc.gz (fictional news pages) and verify it.

Standard library only. Each WARC record is written as its own gzip member.
Usage:  python3 make_warc.py            # write crawl.warc.gz next to this script, then verify
        python3 make_warc.py --verify   # only verify an existing file
"""
import base64
import gzip
import hashlib
import os
import sys
import uuid
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "crawl.warc.gz")
CRLF = b"\r\n"

# Fixed UUIDs so that the output is reproducible.
ID_INFO = uuid.UUID("6f1c2d0e-8a4b-4c21-9e3f-0a1b2c3d4e01")
ID_REQ = uuid.UUID("6f1c2d0e-8a4b-4c21-9e3f-0a1b2c3d4e02")
ID_RESP1 = uuid.UUID("6f1c2d0e-8a4b-4c21-9e3f-0a1b2c3d4e03")
ID_RESP2 = uuid.UUID("6f1c2d0e-8a4b-4c21-9e3f-0a1b2c3d4e04")
ID_IMG = uuid.UUID("6f1c2d0e-8a4b-4c21-9e3f-0a1b2c3d4e05")

URL1 = "https://news.northstar.example.test/africa/2026/03/20/durban-dock-strike-ends"
URL2 = "https://www.bosphorusreview.example.test/city/2026/03/21/golden-horn-cable-car-approved"
URL_IMG = "https://news.northstar.example.test/static/img/northstar-logo.png"

PAGE1 = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Durban dock strike ends after deal on 8.5% pay rise | Northstar News</title>
<meta property="og:title" content="Durban dock strike ends after deal on 8.5% pay rise">
<meta property="og:site_name" content="Northstar News">
<meta name="author" content="Sizwe Mahlangu and Northstar News staff">
<meta property="article:published_time" content="2026-03-20T07:30:00Z">
<link rel="canonical" href="https://news.northstar.example.test/africa/2026/03/20/durban-dock-strike-ends">
</head>
<body>
<div class="cookie-bar">We use cookies to improve your experience. <a href="/cookies">Learn more</a> <button>Accept</button></div>
<header><a href="/" class="logo"><img src="/static/img/northstar-logo.png" alt="Northstar News"></a>
<nav><a href="/world">World</a> <a href="/africa">Africa</a> <a href="/business">Business</a> <a href="/technology">Technology</a> <a href="/sport">Sport</a></nav></header>
<main>
<article>
<h1>Durban dock strike ends after deal on 8.5% pay rise</h1>
<p class="byline">By Northstar News staff</p>
<p>DURBAN (NORTHSTAR NEWS) - Dock workers in Durban returned to work on Friday morning after their union and terminal operator Tidewater Terminals agreed on an 8.5 per cent pay rise, ending an eight-day strike that left dozens of ships stranded outside South Africa's main container port.</p>
<p>The agreement was reached shortly before midnight on Thursday after three days of talks chaired by retired judge Leonard Msimang, the state-appointed mediator. It also includes a one-off payment of 6,000 rand per worker and a commitment not to discipline anyone for taking part in the strike.</p>
<p>"Our members stood together for eight days, and today they go back to work with their heads held high," National Union of Port and Dock Workers General Secretary Thandeka Mokoena-Dube told reporters outside the mediation venue. She said that members had voted to accept the offer at mass meetings held overnight.</p>
<p>Tidewater Chief Executive Anton Verwey said the deal was "expensive but fair" and that the company would now focus on clearing a backlog of about 31 vessels. He said that he expected normal operations to resume within ten days.</p>
<p>Transport Minister Nomvula Khanyile welcomed the settlement. She said on Friday that the government would convene a meeting of port operators, unions and shipping lines next month to discuss how to prevent future stoppages.</p>
<p>Indigo Ocean Lines said it would stop diverting vessels to Cape Town from Saturday.</p>
</article>
<aside><h2>Most read</h2><ul><li><a href="/africa/nairobi-savannapay-arrest">Fintech founder arrested at Nairobi airport</a></li><li><a href="/business/kaveri-ipo">Kaveri Cloudworks prices IPO at top of range</a></li><li><a href="/sport/elbe-rovers-kim">Kim set for Rovers debut in derby</a></li></ul></aside>
</main>
<footer><p>&copy; 2026 Northstar News. All rights reserved. <a href="/terms">Terms</a> | <a href="/privacy">Privacy</a></p></footer>
</body>
</html>
"""

PAGE2 = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Istanbul council approves cable car across the Golden Horn - Bosphorus Review</title>
<meta property="og:title" content="Istanbul council approves cable car across the Golden Horn">
<meta property="og:site_name" content="Bosphorus Review">
<meta name="author" content="Deniz Altıntaş">
<meta property="article:published_time" content="2026-03-21T11:00:00+03:00">
<link rel="canonical" href="https://www.bosphorusreview.example.test/city/2026/03/21/golden-horn-cable-car-approved">
</head>
<body>
<div id="gdpr">This site uses cookies for analytics and advertising. <a href="/privacy">Privacy policy</a> <button>OK</button></div>
<nav class="top"><a href="/">Home</a> <a href="/city">City</a> <a href="/turkey">Turkey</a> <a href="/economy">Economy</a> <a href="/culture">Culture</a></nav>
<div class="wrap">
<article>
<h1>Istanbul council approves cable car across the Golden Horn</h1>
<p class="byline">By Deniz Altıntaş</p>
<p>ISTANBUL - Istanbul's city council on Friday approved plans for a 2.1 billion lira cable car line across the Golden Horn, despite objections from opposition councillors who said the project would spoil one of the city's best-known views.</p>
<p>The 1.6-kilometre line, with three stations, will be built by Bosphorus Link Partners, a consortium of two Turkish construction companies and an Austrian engineering firm. Construction is due to begin early next year and take about 18 months.</p>
<p>City planning chief Elif Karaosmanoğlu said the line would carry up to 4,000 passengers an hour in each direction and take pressure off the bridges. "It is cheaper than a tunnel, quicker than a bridge and it does not need a single new road," Ms Karaosmanoğlu told the council.</p>
<p>Opposition councillor Murat Yıldırımcan said that the council had ignored a petition signed by more than 40,000 residents. He said his party would ask the courts to suspend the decision and called for Ms Karaosmanoğlu to resign if the project went over budget.</p>
<p>The council voted 171 to 112 in favour after a debate lasting almost six hours. According to the city, ticket prices will be set at the same level as a single metro journey.</p>
<p>A spokesman for Bosphorus Link Partners said the consortium would submit final designs to heritage authorities within three months.</p>
</article>
<aside class="sidebar"><h3>Most read</h3><ol><li><a href="/city/ferry-timetable">New ferry timetable from April</a></li><li><a href="/economy/lira-weekly">Lira steadies after volatile week</a></li><li><a href="/culture/film-festival">Film festival opens with local premiere</a></li></ol></aside>
</div>
<footer>Bosphorus Review &middot; Independent news from Istanbul &middot; &copy; 2026 All rights reserved</footer>
</body>
</html>
"""

# A tiny PNG: signature plus a few dummy bytes (not a decodable image).
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00" + b"dummy"


def sha1_b32(data):
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def http_response(body, content_type, date):
    head = (
        "HTTP/1.1 200 OK\r\n"
        "Date: %s\r\n"
        "Server: nginx\r\n"
        "Content-Type: %s\r\n"
        "Content-Length: %d\r\n"
        "Connection: close\r\n"
        "\r\n" % (date, content_type, len(body))
    ).encode("ascii")
    return head + body


def http_request(url):
    rest = url.split("://", 1)[1]
    host, path = rest.split("/", 1)
    return (
        "GET /%s HTTP/1.1\r\n"
        "Host: %s\r\n"
        "User-Agent: newsgraph-example-crawler/0.1 (+https://example.test/bot)\r\n"
        "Accept: text/html,application/xhtml+xml;q=0.9,*/*;q=0.8\r\n"
        "Accept-Language: en\r\n"
        "Connection: close\r\n"
        "\r\n" % (path, host)
    ).encode("ascii")


def record(rtype, rid, date, block, content_type, target=None, extra=()):
    headers = [
        ("WARC-Type", rtype),
        ("WARC-Record-ID", "<urn:uuid:%s>" % rid),
        ("WARC-Date", date),
    ]
    if target:
        headers.append(("WARC-Target-URI", target))
    headers.extend(extra)
    headers.append(("WARC-Block-Digest", sha1_b32(block)))
    headers.append(("Content-Type", content_type))
    headers.append(("Content-Length", str(len(block))))
    head = "WARC/1.0\r\n" + "".join("%s: %s\r\n" % kv for kv in headers) + "\r\n"
    return head.encode("utf-8") + block + CRLF + CRLF


def build():
    info = (
        "software: newsgraph examples make_warc.py (Python 3)\r\n"
        "format: WARC File Format 1.0\r\n"
        "conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.0/\r\n"
        "description: Fictional news pages written for the newsgraph test suite\r\n"
        "isPartOf: newsgraph-examples\r\n"
    ).encode("utf-8")

    body1 = PAGE1.encode("utf-8")
    body2 = PAGE2.encode("utf-8")
    req1 = http_request(URL1)
    resp1 = http_response(body1, "text/html; charset=utf-8", "Fri, 20 Mar 2026 08:02:11 GMT")
    resp2 = http_response(body2, "text/html; charset=utf-8", "Sat, 21 Mar 2026 09:14:52 GMT")
    img = http_response(PNG_BYTES, "image/png", "Fri, 20 Mar 2026 08:02:12 GMT")

    recs = [
        record("warcinfo", ID_INFO, "2026-03-21T09:15:00Z", info, "application/warc-fields",
               extra=[("WARC-Filename", "crawl.warc.gz")]),
        record("request", ID_REQ, "2026-03-20T08:02:11Z", req1, "application/http; msgtype=request",
               target=URL1, extra=[("WARC-Warcinfo-ID", "<urn:uuid:%s>" % ID_INFO),
                                   ("WARC-Concurrent-To", "<urn:uuid:%s>" % ID_RESP1)]),
        record("response", ID_RESP1, "2026-03-20T08:02:11Z", resp1, "application/http; msgtype=response",
               target=URL1, extra=[("WARC-Warcinfo-ID", "<urn:uuid:%s>" % ID_INFO),
                                   ("WARC-IP-Address", "192.0.2.10"),
                                   ("WARC-Payload-Digest", sha1_b32(body1))]),
        record("response", ID_IMG, "2026-03-20T08:02:12Z", img, "application/http; msgtype=response",
               target=URL_IMG, extra=[("WARC-Warcinfo-ID", "<urn:uuid:%s>" % ID_INFO),
                                      ("WARC-IP-Address", "192.0.2.10"),
                                      ("WARC-Payload-Digest", sha1_b32(PNG_BYTES))]),
        record("response", ID_RESP2, "2026-03-21T09:14:52Z", resp2, "application/http; msgtype=response",
               target=URL2, extra=[("WARC-Warcinfo-ID", "<urn:uuid:%s>" % ID_INFO),
                                   ("WARC-IP-Address", "198.51.100.7"),
                                   ("WARC-Payload-Digest", sha1_b32(body2))]),
    ]
    with open(OUT, "wb") as f:
        for r in recs:
            f.write(gzip.compress(r, compresslevel=9, mtime=0))
    print("wrote %s (%d records, %d bytes)" % (OUT, len(recs), os.path.getsize(OUT)))


def gzip_members(data):
    """Yield the decompressed payload of each gzip member separately."""
    pos = 0
    while pos < len(data):
        d = zlib.decompressobj(wbits=31)
        out = d.decompress(data[pos:])
        out += d.flush()
        if not d.eof:
            raise ValueError("truncated gzip member at offset %d" % pos)
        consumed = len(data) - pos - len(d.unused_data)
        yield pos, out
        pos += consumed


def parse_headers(raw):
    lines = raw.decode("utf-8").split("\r\n")
    first, fields = lines[0], {}
    for line in lines[1:]:
        k, v = line.split(":", 1)
        fields[k.strip().lower()] = v.strip()
    return first, fields


def verify(path=OUT):
    data = open(path, "rb").read()
    n = 0
    for offset, member in gzip_members(data):
        head, sep, rest = member.partition(b"\r\n\r\n")
        assert sep, "no header terminator in member at %d" % offset
        version, h = parse_headers(head)
        assert version == "WARC/1.0", version
        for req in ("warc-type", "warc-record-id", "warc-date", "content-length"):
            assert req in h, "missing %s" % req
        length = int(h["content-length"])
        block, trailer = rest[:length], rest[length:]
        assert len(block) == length, "short block"
        assert trailer == b"\r\n\r\n", "bad trailer %r (member at %d)" % (trailer, offset)
        assert h.get("warc-block-digest") == sha1_b32(block), "block digest mismatch"
        summary = "%-8s len=%-5d" % (h["warc-type"], length)
        if h["content-type"].startswith("application/http"):
            hh, s2, payload = block.partition(b"\r\n\r\n")
            status, fields = parse_headers(hh)
            if "msgtype=response" in h["content-type"]:
                assert int(fields["content-length"]) == len(payload), "HTTP Content-Length mismatch"
                assert h.get("warc-payload-digest") == sha1_b32(payload), "payload digest mismatch"
                summary += " %s %s payload=%d" % (status, fields["content-type"], len(payload))
            else:
                assert payload == b"", "request has a body"
                summary += " %s" % status
            summary += " " + h["warc-target-uri"]
        print("record %d @%d: %s" % (n, offset, summary))
        n += 1
    print("OK: %d records verified" % n)
    return n


if __name__ == "__main__":
    if "--verify" not in sys.argv[1:]:
        build()
    verify()
