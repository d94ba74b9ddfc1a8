#!/usr/bin/env python3
"""Source of the APDocs read-back fixtures (stdlib only).

Each fixture is described once, below, as a list of blocks whose text uses a tiny inline markup:

    <b>..</b> <i>..</i> <u>..</u>   a formatting change (a new run / text:span), e.g. {{ pupil.<b>name</b> }}
    <r/>          a run boundary with no visible change: in DOCX a new run with another w:rsidRPr
                  (Word does this for every editing session), in ODT a span with another language
                  (en-US inside en-GB text), which is how LibreOffice ends up splitting text
    <proof>..</proof>  DOCX: <w:proofErr w:type="spellStart"/> .. spellEnd (Word's squiggle marks);
                  ignored in ODT
    <bm/>         a bookmark at this point (DOCX: bookmarkStart+End, ODT: text:bookmark)
    <comment>..</comment>  a review comment by "Jane Author" anchored here
    <tab/> <br/> <page/>   tab, line break, page-number field

From these descriptions this script writes
    src/NAME.fodt          flat ODT, turned into templates/NAME.odt (strict ODF 1.3) and
                           templates/NAME.lo.docx by LibreOffice (see ../make_fixtures.sh)
    templates/NAME.docx    hand-made WordprocessingML the way Word writes it: rsids on every
                           paragraph and run, w14:paraId, proofErr/bookmarks inside tags,
                           settings.xml full of rsids, core.xml by "Jane Author", a comment.
Output is deterministic (fixed zip timestamps), so re-running it gives identical files.
"""
import os
import re
import sys
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.dirname(HERE)
AUTHOR = "Jane Author"   # must never appear in a rendered document (the read-back harness checks)

# ----------------------------------------------------------------------------------------------
# Document descriptions
# ----------------------------------------------------------------------------------------------
# Blocks: ("p", style, text) with style in Normal Title Heading1 Heading2 Right Bullet Small
#         ("table", [[cell, ...], ...])   first row is a header row
# A document: dict(title=..., header=[text...], footer=[text...], body=[blocks])


def P(text, style="Normal"):
    return ("p", style, text)


def H1(text):
    return ("p", "Heading1", text)


def H2(text):
    return ("p", "Heading2", text)


def B(text):
    return ("p", "Bullet", text)


def T(*rows):
    return ("table", [list(r) for r in rows])


DOCS = {}

DOCS["simple"] = dict(
    title="Simple substitution",
    header=["{<r/>{ school.name }<r/>} <b>—</b> Confidential"],
    footer=["Ref {{ <proof>ref</proof> }} · Page <page/>"],
    body=[
        P("Simple substitution", "Title"),
        P("Pupil: {{ pupil.name }}"),
        P("Two in one run: {{ pupil.first }} {{ pupil.last }}."),
        P("Preferred name: {{ pupil.<b>preferred</b>_name }}"),
        P("Year group: {{ <proof>pupil.year</proof> }}"),
        P("School: {<r/>{ school.name }<r/>}"),
        P("Provider: {{ <i>pro</i><r/>vider.<b>na</b>me }}"),
        P("Town: {{ provider.<bm/>town }}"),
        P("Key worker: {{ contact.name }}<comment>Check the key worker with the office</comment>"),
        P("Literal braces stay: { not a tag } and 50% done."),
        P("End of the simple fixture."),
    ],
)

DOCS["pictures"] = dict(
    title="Pictures",
    header=["{{ school.logo | image(height=\"1cm\") }} {{ school.name }}"],
    footer=["Page <page/>"],
    body=[
        P("Pictures", "Title"),
        P("Logo at 4 cm wide: {{ school.<b>logo</b> | image(width=\"4cm\") }} after the logo."),
        P("No picture for an empty value: [{{ school.missing_logo | image }}]"),
        T(["Picture", "Caption"], ["{{ school.logo | image(width=\"2cm\") }}", "In a table cell"]),
        P("End of the pictures fixture."),
    ],
)

DOCS["conditions"] = dict(
    title="Conditions",
    header=["Conditions test"],
    footer=["{{ school.name }}"],
    body=[
        P("Conditions", "Title"),
        P("{% if pupil.sen %}"),
        P("SEN support: the pupil has an EHC plan."),
        P("{% else %}"),
        P("No SEN support recorded."),
        P("{% endif %}"),
        P("{% <b>if</b> transport == 'bus' %}"),
        P("Travel: school bus."),
        P("{% <proof>elif</proof> transport == '<proof>taxi</proof>' %}"),
        P("Travel: taxi arranged by the local authority."),
        P("{% el<r/>if transport == 'walk' %}"),
        P("Travel: the pupil walks."),
        P("{% else %}"),
        P("Travel: parents bring the pupil."),
        P("{% <proof>endif</proof> %}"),
        P("{% if pupil.looked_after %}"),
        P("LOOKED-AFTER-TEXT must not appear."),
        P("{<r/>% endif %<r/>}"),
        P("{% if pupil.year >= 10 %}"),
        P("{% if pupil.sen %}"),
        P("Nested: key stage 4 with SEN."),
        P("{% endif %}"),
        P("{% endif %}"),
        P("The pupil {% if pupil.sen %}has{% else %}does not have{% endif %} an EHC plan."),
        P("Medical needs: {% <b>if</b> pupil.medical %}see the care plan{% else %}none known{% endif %}."),
        P("Split inline: {% if pupil.<i>sen</i> %}<b>yes</b>{% <r/>endif %} done."),
        P("End of the conditions fixture."),
    ],
)

DOCS["bullets"] = dict(
    title="Bullets",
    header=["Bullets test"],
    footer=["Page <page/>"],
    body=[
        P("Bullets", "Title"),
        H1("Items to bring"),
        B("{% for x in items %}"),
        B("{{ x }}"),
        B("{% endfor %}"),
        P("After the first list."),
        H1("Sessions"),
        B("{% for s in <proof>sessions</proof> %}"),
        B("{{ s.<b>day</b> }}: {{ s.time }} at {{ s.place }}"),
        B("{% end<r/>for %}"),
        P("After the second list."),
        H1("Empty list"),
        B("{% for x in nothing %}"),
        B("{{ x }}NEVER-SHOWN"),
        B("{% endfor %}"),
        P("End of the bullets fixture."),
    ],
)

DOCS["table_rows"] = dict(
    title="Table rows",
    header=["Table rows test"],
    footer=["Page <page/>"],
    body=[
        P("Table rows", "Title"),
        H1("Emergency contacts"),
        T(["<b>Name</b>", "<b>Phone</b>"],
          ["{% for c in <proof>contacts</proof> %}", ""],
          ["{{ c.name }}{% if c.primary %} (primary){% endif %}", "{{ c.<b>phone</b> }}"],
          ["{% <proof>endfor</proof> %}", ""]),
        P("After the contacts table."),
        H1("Staff"),
        T(["<b>Role</b>", "<b>Name</b>", "<b>Email</b>"],
          ["{% for s in <i>staff</i> %}", "", ""],
          ["{{ s.role }}", "{<r/>{ s.name }}", "{{ s.<bm/>email }}"],
          ["{% endfor %}", "", ""]),
        P("End of the table rows fixture."),
    ],
)

DOCS["filters"] = dict(
    title="Filters",
    header=["Filters test"],
    footer=["{{ provider | upper }}"],
    body=[
        P("Filters", "Title"),
        P("Start date: {{ placement.start | date }}"),
        P("Fee: {{ placement.fee |<r/> gbp }}"),
        P("Small fee: {{ placement.small_fee | gbp }}"),
        P("Session: {{ n | <b>ordinal</b> }}; also {{ n11 | ordinal }} and {{ n22 | ordinal }}."),
        P("Subjects: {{ subjects | <proof>list_and</proof> }}"),
        P("Two subjects: {{ two_subjects | list_and }}"),
        P("Transport needed: {{ needs_transport | yesno }}; lunch needed: {{ needs_lunch | yesno }}"),
        P("Provider: {{ provider | <i>upper</i> }}"),
        P("Allergies: {{ pupil.allergies | default('None recorded') }}"),
        P("Nickname: {{ pupil.<r/>nickname | default(\"Not given\") }}"),
        P("End of the filters fixture."),
    ],
)

DOCS["torture"] = dict(
    title="Torture",
    header=["Torture: {{ t.name }}"],
    footer=["Torture footer {{ t.company }}"],
    body=[
        P("Torture", "Title"),
        P("Company: {{ t.company }}"),
        P("Name: {{ t.<b>name</b> }}"),
        P("Quotes: {{ t.quotes }}"),
        P("CDATA end: {{ t.cdata }}"),
        P("Noncharacter: {{ t.nonchar }}"),
        P("Arabic: {{ t.arabic }}"),
        P("Hebrew: {{ t.hebrew }}"),
        P("Multiline: {{ t.multiline }}"),
        P("Injection: {{ t.injection }}"),
        P("Big value follows."),
        P("{{ t.big }}"),
        P("End of the torture fixture."),
    ],
)

LETTER_BODY = [
    P("Our ref: {{ placement.ref }}", "Right"),
    P("Date: {{ letter_date | date }}", "Right"),
    P("{{ parent.title }} {{ parent.<proof>surname</proof> }}<br/>{{ parent.address.line1 }}<br/>"
      "{{ parent.address.town }}<br/>{{ parent.address.<b>postcode</b> }}"),
    P("Dear {{ parent.title }} {{ parent.<r/>surname }},"),
    H1("Alternative provision placement for {{ pupil.<b>first_name</b> }} {{ pupil.last_name }}"),
    P("I am writing to confirm the arrangements we discussed for {{ pupil.first_name }}, who is in "
      "{{ pupil.<i>year_group</i> }}. From {{ placement.start | date }} until {{ placement.end | date }}, "
      "{{ pupil.first_name }} will attend {{ provider.name }} for {{ placement.days_per_week }} days "
      "a week, and will continue to be on the roll of {{ school.name }} throughout the placement."),
    P("The placement has been agreed because we believe that a period of learning in a smaller, "
      "practical setting will help {{ pupil.first_name }} re-engage with education. The provider will "
      "follow a programme agreed with us, and we will review progress with you every half term. "
      "Attendance is recorded daily and reported to the school each morning, so absence should be "
      "reported to both the provider and the school office in the usual way."),
    H2("Weekly timetable"),
    B("{% for s in placement.<proof>sessions</proof> %}"),
    B("{{ s.day }}, {{ s.<b>start</b> }} to {{ s.end }}: {{ s.activity }}"),
    B("{% endfor %}"),
    H2("Travel"),
    P("{% if placement.transport %}"),
    P("The local authority has arranged transport by {{ placement.transport.mode }}. "
      "{{ pupil.first_name }} will be collected from {{ placement.transport.<r/>pickup }} at "
      "{{ placement.transport.time }} each day."),
    P("{% else %}"),
    P("You will need to make your own arrangements for {{ pupil.first_name }} to travel to "
      "{{ provider.address }}. Please speak to us if this causes difficulty."),
    P("{% endif %}"),
    H2("Who to contact"),
    T(["<b>Name</b>", "<b>Role</b>", "<b>Telephone</b>"],
      ["{% for c in <proof>contacts</proof> %}", "", ""],
      ["{{ c.name }}", "{{ c.role }}", "{{ c.<b>phone</b> }}"],
      ["{% endfor %}", "", ""]),
    H2("Safeguarding and welfare"),
    P("The designated safeguarding lead at {{ provider.name }} is {{ provider.dsl }}. Our own "
      "designated safeguarding lead remains responsible for {{ pupil.first_name }} throughout the "
      "placement, and information will be shared between us as set out in our safeguarding policy "
      "(version {{ policy.version }}).<comment>Confirm policy version before sending</comment>"),
    P("{{ provider.name }} has been checked by the school: its registration, insurance, health and "
      "safety arrangements and staff vetting were last reviewed on {{ provider.checked | date }}. "
      "A copy of the provider's risk assessment is available from the school office on request."),
    H2("What happens next"),
    P("Please sign and return the enclosed agreement by {{ reply_by | date }}. If you have any "
      "questions, please contact {{ sender.name }} on {{ school.phone }} or at {{ school.email }}."),
    P("Thank you for your support."),
    P("Yours sincerely,"),
    P("{{ sender.name }}<br/>{{ sender.<i>role</i> }}"),
    P("{% if la.notified %}cc: {{ la.name }}, Alternative Provision Team{% endif %}", "Small"),
]

DOCS["letter"] = dict(
    title="Placement letter",
    header=["<b>{{ school.name }}</b>",
            "{{ school.<r/>address }} · Tel {{ school.phone }} · {{ school.email }}"],
    footer=["{{ school.name }} · Ref {{ placement.ref }} · Page <page/>",
            "Headteacher: {{ school.<b>head</b> }}"],
    body=LETTER_BODY,
)

# ----------------------------------------------------------------------------------------------
# Inline markup parser
# ----------------------------------------------------------------------------------------------
TOKEN = re.compile(r"<(/?)(b|i|u|proof)>|<(r|bm|tab|br|page)/>|<comment>(.*?)</comment>|([^<]+)")


def segments(text):
    """[('t', text, fmt, lang) | ('split',) | ('proofStart',) | ('proofEnd',) | ('bm',) |
    ('comment', text) | ('tab',) | ('br',) | ('page',)]"""
    out, fmt, lang, pos = [], set(), False, 0
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            raise ValueError("bad markup at %r" % text[pos:])
        pos = m.end()
        close, tag, empty, comment, plain = m.groups()
        if plain is not None:
            out.append(("t", plain, frozenset(fmt), lang))
        elif tag == "proof":
            out.append(("proofEnd",) if close else ("proofStart",))
        elif tag:
            (fmt.discard if close else fmt.add)(tag)
        elif empty == "r":
            lang = not lang
            out.append(("split",))
        elif empty:
            out.append((empty,))
        else:
            out.append(("comment", comment))
    return out


# ----------------------------------------------------------------------------------------------
# Flat ODT writer
# ----------------------------------------------------------------------------------------------
FODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"')

FMT_PROPS = {
    "b": 'fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"',
    "i": 'fo:font-style="italic" style:font-style-asian="italic" style:font-style-complex="italic"',
    "u": 'style:text-underline-style="solid" style:text-underline-width="auto" '
         'style:text-underline-color="font-color"',
    "lang": 'fo:language="en" fo:country="US"',
}
PARA_ODT = {"Normal": "Standard", "Title": "Title", "Heading1": "Heading_20_1",
            "Heading2": "Heading_20_2", "Right": "PRight", "Bullet": "List_20_Paragraph",
            "Small": "PSmall"}


class Fodt:
    def __init__(self):
        self.auto = {}      # frozenset(flags) -> style name
        self.bm = 0

    def span_style(self, flags):
        if flags not in self.auto:
            self.auto[flags] = "T%d" % (len(self.auto) + 1)
        return self.auto[flags]

    def inline(self, text):
        out = []
        for seg in segments(text):
            kind = seg[0]
            if kind == "t":
                _, s, fmt, lang = seg
                body = re.sub(r"  +", lambda m: " " + '<text:s text:c="%d"/>' % (len(m.group()) - 1),
                              escape(s))
                flags = frozenset(fmt | ({"lang"} if lang else set()))
                if flags:
                    out.append('<text:span text:style-name="%s">%s</text:span>'
                               % (self.span_style(flags), body))
                else:
                    out.append(body)
            elif kind == "bm":
                self.bm += 1
                out.append('<text:bookmark text:name="_bm%d"/>' % self.bm)
            elif kind == "comment":
                out.append('<office:annotation><dc:creator>%s</dc:creator>'
                           '<dc:date>2025-06-01T10:00:00</dc:date><text:p>%s</text:p>'
                           '</office:annotation>' % (AUTHOR, escape(seg[1])))
            elif kind == "tab":
                out.append("<text:tab/>")
            elif kind == "br":
                out.append("<text:line-break/>")
            elif kind == "page":
                out.append('<text:page-number text:select-page="current">1</text:page-number>')
        return "".join(out)

    def para(self, style, text):
        name = PARA_ODT[style]
        if style.startswith("Heading"):
            return '<text:h text:style-name="%s" text:outline-level="%s">%s</text:h>' % (
                name, style[-1], self.inline(text))
        return '<text:p text:style-name="%s">%s</text:p>' % (name, self.inline(text))

    def table(self, n, rows):
        ncol = len(rows[0])
        cell = lambda t: ('<table:table-cell table:style-name="TblCell" office:value-type="string">'
                          '<text:p text:style-name="Table_20_Contents">%s</text:p></table:table-cell>'
                          % self.inline(t))
        row = lambda r: "<table:table-row>%s</table:table-row>" % "".join(cell(c) for c in r)
        return ('<table:table table:name="Table%d" table:style-name="Tbl">'
                '<table:table-column table:style-name="TblCol%d" table:number-columns-repeated="%d"/>'
                '<table:table-header-rows>%s</table:table-header-rows>%s</table:table>'
                % (n, ncol, ncol, row(rows[0]), "".join(row(r) for r in rows[1:])))

    def render(self, doc):
        body, i, ntab = [], 0, 0
        blocks = doc["body"]
        while i < len(blocks):
            b = blocks[i]
            if b[0] == "p" and b[1] == "Bullet":
                items = []
                while i < len(blocks) and blocks[i][0] == "p" and blocks[i][1] == "Bullet":
                    items.append("<text:list-item>%s</text:list-item>" % self.para("Bullet", blocks[i][2]))
                    i += 1
                body.append('<text:list text:style-name="L1">%s</text:list>' % "".join(items))
                continue
            if b[0] == "p":
                body.append(self.para(b[1], b[2]))
            else:
                ntab += 1
                body.append(self.table(ntab, b[1]))
            i += 1
        header = "".join('<text:p text:style-name="Header">%s</text:p>' % self.inline(t) for t in doc["header"])
        footer = "".join('<text:p text:style-name="Footer">%s</text:p>' % self.inline(t) for t in doc["footer"])
        autos = "".join('<style:style style:name="%s" style:family="text"><style:text-properties %s/>'
                        '</style:style>' % (name, " ".join(FMT_PROPS[f] for f in sorted(flags)))
                        for flags, name in sorted(self.auto.items(), key=lambda kv: kv[1]))
        colstyles = "".join(
            '<style:style style:name="TblCol%d" style:family="table-column">'
            '<style:table-column-properties style:column-width="%.2fcm"/></style:style>' % (n, 17.0 / n)
            for n in (1, 2, 3, 4))
        return FODT_TEMPLATE.format(
            ns=FODT_NS, author=AUTHOR, title=escape(doc["title"]), autos=autos, colstyles=colstyles,
            header=header, footer=footer, body="\n".join(body))


# No style:default-outline-level on the heading styles: with it, LibreOffice 7.4's DOCX export
# writes <w:pStyle> before <w:numFmt> in the outline numbering's <w:lvl>, which is invalid against
# the ISO 29500 schema (validate-docx.py rejects word/numbering.xml).
FODT_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<office:document {ns} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta>
 <meta:initial-creator>{author}</meta:initial-creator>
 <dc:creator>{author}</dc:creator>
 <dc:title>{title}</dc:title>
 <meta:creation-date>2025-06-01T10:00:00</meta:creation-date>
 <dc:date>2025-06-02T16:30:00</dc:date>
</office:meta>
<office:font-face-decls>
 <style:font-face style:name="Liberation Sans" svg:font-family="'Liberation Sans'" style:font-family-generic="swiss" style:font-pitch="variable"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0cm"/>
  <style:text-properties style:font-name="Liberation Sans" fo:font-size="11pt" fo:language="en" fo:country="GB"/>
 </style:default-style>
 <style:style style:name="Standard" style:family="paragraph" style:class="text">
  <style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.21cm" fo:line-height="115%"/>
 </style:style>
 <style:style style:name="Title" style:display-name="Title" style:family="paragraph" style:parent-style-name="Standard" style:class="chapter">
  <style:paragraph-properties fo:margin-bottom="0.4cm"/>
  <style:text-properties fo:font-size="20pt" fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Standard" style:class="text">
  <style:paragraph-properties fo:margin-top="0.42cm" fo:margin-bottom="0.21cm" fo:keep-with-next="always"/>
  <style:text-properties fo:font-size="14pt" fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Standard" style:class="text">
  <style:paragraph-properties fo:margin-top="0.35cm" fo:margin-bottom="0.18cm" fo:keep-with-next="always"/>
  <style:text-properties fo:font-size="12pt" fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="List_20_Paragraph" style:display-name="List Paragraph" style:family="paragraph" style:parent-style-name="Standard" style:class="list"/>
 <style:style style:name="Header" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
  <style:text-properties fo:font-size="9pt"/>
 </style:style>
 <style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
  <style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-size="9pt"/>
 </style:style>
 <style:style style:name="Table_20_Contents" style:display-name="Table Contents" style:family="paragraph" style:parent-style-name="Standard" style:class="extra"/>
 <text:list-style style:name="L1">
  <text:list-level-style-bullet text:level="1" text:bullet-char="•">
   <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
    <style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="1.27cm" fo:text-indent="-0.635cm" fo:margin-left="1.27cm"/>
   </style:list-level-properties>
  </text:list-level-style-bullet>
 </text:list-style>
</office:styles>
<office:automatic-styles>
 <style:style style:name="PRight" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="end"/>
 </style:style>
 <style:style style:name="PSmall" style:family="paragraph" style:parent-style-name="Standard">
  <style:text-properties fo:font-size="9pt"/>
 </style:style>
 <style:style style:name="Tbl" style:family="table">
  <style:table-properties style:width="17cm" table:align="margins"/>
 </style:style>
 {colstyles}
 <style:style style:name="TblCell" style:family="table-cell">
  <style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #000000"/>
 </style:style>
 {autos}
 <style:page-layout style:name="pm1">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait" fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2cm" fo:margin-right="2cm"/>
  <style:header-style><style:header-footer-properties fo:min-height="0cm" fo:margin-bottom="0.5cm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0cm" fo:margin-top="0.5cm"/></style:footer-style>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="pm1">
  <style:header>{header}</style:header>
  <style:footer>{footer}</style:footer>
 </style:master-page>
</office:master-styles>
<office:body>
<office:text>
{body}
</office:text>
</office:body>
</office:document>
"""

# ----------------------------------------------------------------------------------------------
# Word-style DOCX writer
# ----------------------------------------------------------------------------------------------
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WNS = ('xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
       'xmlns:r="%s" xmlns:w="%s" '
       'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
       'mc:Ignorable="w14"' % (R, W))
RSIDS = ["00A1B2C3", "00D4E5F6", "0012AB34", "005C6D7E", "007F8091", "00B2C3D4", "00E5F607"]
PSTYLE = {"Normal": None, "Title": "Title", "Heading1": "Heading1", "Heading2": "Heading2",
          "Right": None, "Bullet": "ListParagraph", "Small": None, "Header": "Header",
          "Footer": "Header"}


class Docx:
    def __init__(self):
        self.para_id = 0x1A2B3C00
        self.bm = 0
        self.comments = []
        self.rsid_i = 0

    def rsid(self):
        return RSIDS[self.rsid_i % len(RSIDS)]

    def runs(self, text):
        out = []
        for seg in segments(text):
            kind = seg[0]
            if kind == "t":
                _, s, fmt, _lang = seg
                rpr = "".join("<w:%s/>" % f for f in ("b", "i") if f in fmt)
                if "u" in fmt:
                    rpr += '<w:u w:val="single"/>'
                rpr = "<w:rPr>%s</w:rPr>" % rpr if rpr else ""
                sp = ' xml:space="preserve"' if s != s.strip() else ""
                out.append('<w:r w:rsidRPr="%s">%s<w:t%s>%s</w:t></w:r>' % (self.rsid(), rpr, sp, escape(s)))
            elif kind == "split":
                self.rsid_i += 1
            elif kind == "proofStart":
                out.append('<w:proofErr w:type="spellStart"/>')
            elif kind == "proofEnd":
                out.append('<w:proofErr w:type="spellEnd"/>')
            elif kind == "bm":
                name = "_GoBack" if self.bm == 0 else "_Hlk%d" % (190000000 + self.bm)
                out.append('<w:bookmarkStart w:id="%d" w:name="%s"/><w:bookmarkEnd w:id="%d"/>'
                           % (self.bm, name, self.bm))
                self.bm += 1
            elif kind == "comment":
                cid = len(self.comments)
                self.comments.append(seg[1])
                out.insert(0, '<w:commentRangeStart w:id="%d"/>' % cid)
                out.append('<w:commentRangeEnd w:id="%d"/><w:r><w:commentReference w:id="%d"/></w:r>'
                           % (cid, cid))
            elif kind == "tab":
                out.append("<w:r><w:tab/></w:r>")
            elif kind == "br":
                out.append("<w:r><w:br/></w:r>")
            elif kind == "page":
                out.append('<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>')
        return "".join(out)

    def para(self, style, text, extra_ppr=""):
        self.para_id += 7
        ppr = ""
        if PSTYLE.get(style):
            ppr += '<w:pStyle w:val="%s"/>' % PSTYLE[style]
        if style == "Bullet":
            ppr += '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
        ppr += extra_ppr
        if style in ("Right", "Footer"):
            ppr += '<w:jc w:val="%s"/>' % ("right" if style == "Right" else "center")
        if style == "Small":
            ppr += '<w:rPr><w:sz w:val="18"/></w:rPr>'
        ppr = "<w:pPr>%s</w:pPr>" % ppr if ppr else ""
        return ('<w:p w14:paraId="%08X" w14:textId="77777777" w:rsidR="%s" w:rsidRDefault="%s" '
                'w:rsidP="%s">%s%s</w:p>' % (self.para_id, RSIDS[0], RSIDS[0], self.rsid(), ppr,
                                              self.runs(text)))

    def table(self, rows):
        ncol = len(rows[0])
        w = 9026 // ncol
        grid = "".join('<w:gridCol w:w="%d"/>' % w for _ in range(ncol))
        trs = []
        for k, r in enumerate(rows):
            trpr = "<w:trPr><w:tblHeader/></w:trPr>" if k == 0 else ""
            cells = "".join('<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>%s</w:tc>'
                            % (w, self.para("Normal", c)) for c in r)
            trs.append('<w:tr w:rsidR="%s" w:rsidTr="%s">%s%s</w:tr>' % (RSIDS[1], RSIDS[1], trpr, cells))
        return ('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
                '</w:tblPr><w:tblGrid>%s</w:tblGrid>%s</w:tbl>' % (grid, "".join(trs)))

    def render(self, doc):
        body = []
        for b in doc["body"]:
            body.append(self.para(b[1], b[2]) if b[0] == "p" else self.table(b[1]))
        sect = ('<w:sectPr w:rsidR="%s"><w:headerReference w:type="default" r:id="rId8"/>'
                '<w:footerReference w:type="default" r:id="rId9"/>'
                '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="851" w:right="1134" w:bottom="851" '
                'w:left="1134" w:header="567" w:footer="567" w:gutter="0"/><w:cols w:space="708"/>'
                '<w:docGrid w:linePitch="360"/></w:sectPr>' % RSIDS[0])
        document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document %s><w:body>%s%s'
                    '</w:body></w:document>' % (WNS, "".join(body), sect))
        hdr = "".join(self.para("Header", t) for t in doc["header"])
        ftr = "".join(self.para("Footer", t) for t in doc["footer"])
        header = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr %s>%s</w:hdr>'
                  % (WNS, hdr))
        footer = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr %s>%s</w:ftr>'
                  % (WNS, ftr))
        parts = {
            "[Content_Types].xml": CONTENT_TYPES.replace(
                "{comments}", COMMENTS_CT if self.comments else ""),
            "_rels/.rels": ROOT_RELS,
            "docProps/core.xml": CORE.format(author=AUTHOR, title=escape(doc["title"])),
            "docProps/app.xml": APP,
            "word/document.xml": document,
            "word/_rels/document.xml.rels": DOC_RELS.replace(
                "{comments}", COMMENTS_REL if self.comments else ""),
            "word/styles.xml": STYLES,
            "word/numbering.xml": NUMBERING,
            "word/settings.xml": SETTINGS.format(
                rsids="".join('<w:rsid w:val="%s"/>' % r for r in RSIDS)),
            "word/fontTable.xml": FONTS,
            "word/header1.xml": header,
            "word/footer1.xml": footer,
        }
        if self.comments:
            parts["word/comments.xml"] = (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments %s>%s</w:comments>'
                % (WNS, "".join(
                    '<w:comment w:id="%d" w:author="%s" w:date="2025-06-01T10:00:00Z" w:initials="JA">'
                    '<w:p><w:r><w:t>%s</w:t></w:r></w:p></w:comment>' % (i, AUTHOR, escape(c))
                    for i, c in enumerate(self.comments))))
        return parts


CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>{comments}<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"""
COMMENTS_CT = '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>'
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"""
DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/><Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>{comments}</Relationships>"""
COMMENTS_REL = '<Relationship Id="rId10" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>'
CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{title}</dc:title><dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy><cp:revision>7</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">2025-06-01T10:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2025-06-02T16:30:00Z</dcterms:modified></cp:coreProperties>"""
APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Template>Normal.dotm</Template><TotalTime>42</TotalTime><Pages>1</Pages><Application>Microsoft Office Word</Application><DocSecurity>0</DocSecurity><Company>Riverside Academy Trust</Company><AppVersion>16.0000</AppVersion></Properties>"""
SETTINGS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" mc:Ignorable="w14 w15"><w:zoom w:percent="100"/><w:proofState w:spelling="clean" w:grammar="clean"/><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat><w:rsids><w:rsidRoot w:val="00A1B2C3"/>{rsids}</w:rsids><w:themeFontLang w:val="en-GB"/><w:decimalSymbol w:val="."/><w:listSeparator w:val=","/><w15:docId w15:val="{{4A1B2C3D-0000-4000-8000-0123456789AB}}"/></w:settings>"""
FONTS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:font w:name="Liberation Sans"><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font></w:fonts>"""
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Liberation Sans" w:hAnsi="Liberation Sans" w:eastAsia="Liberation Sans" w:cs="Liberation Sans"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:sz w:val="40"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="200" w:after="100"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:left="720"/><w:contextualSpacing/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="18"/></w:rPr></w:style><w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style><w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style></w:styles>"""
NUMBERING = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\u2022"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"""

ZIP_ORDER = ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels",
             "word/styles.xml", "word/numbering.xml", "word/settings.xml", "word/fontTable.xml",
             "word/header1.xml", "word/footer1.xml", "word/comments.xml", "docProps/core.xml",
             "docProps/app.xml"]


def write_zip(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ZIP_ORDER:
            if name in parts:
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                z.writestr(info, parts[name].encode("utf-8"))


def main():
    names = sys.argv[1:] or sorted(DOCS)
    for name in names:
        doc = DOCS[name]
        with open(os.path.join(HERE, name + ".fodt"), "w", encoding="utf-8") as f:
            f.write(Fodt().render(doc))
        write_zip(os.path.join(FIXTURES, "templates", name + ".docx"), Docx().render(doc))
        print("wrote src/%s.fodt templates/%s.docx" % (name, name))


if __name__ == "__main__":
    main()
