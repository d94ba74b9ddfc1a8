#!/usr/bin/env python3
"""Source of the five APDocs document templates (stdlib only).

Each document is described once, below, as a list of blocks; this script writes
templates/src/NAME.fodt (flat ODT). templates/src/make_templates.sh turns each into
templates/NAME.odt (strict ODF 1.3, via the oracle lo-strict-odt.sh) and templates/NAME.docx
(LibreOffice's DOCX export), then validates both with the oracles.

The tags are those of docs/data-model.md, table "What each template sees".

Inline markup in block text:
    <b>..</b> <i>..</i> <u>..</u>   bold / italic / underline (a text:span)
    <br/> <tab/>                     line break, tab
    <page/> <pages/>                 page number, page count fields
    <box {{ expr }}/>                a native check box ticked when expr is true: an ODF form check
                                     box (form:checkbox) whose name is the tag; the DOCX gets a
                                     check-box content control (w14:checkbox) whose w:tag is the tag
                                     (see docx_checkboxes below: LibreOffice 7.4 exports form check
                                     boxes to DOCX as ActiveX controls, so the build replaces them)
A paragraph holding only a block tag ({% if %}, {% for %}, ...) is removed by the engine;
a table row holding only `{% for %}` (first cell) and a later row holding only `{% endfor %}`
repeat the rows between.

Blocks:
    P(text, style)        a paragraph (styles: see PARA_STYLES)
    H1(text) H2(text)     headings (text:h, outline levels 1 and 2)
    UL(items)             bulleted list; an item may be a block tag alone
    TABLE(widths, rows, kind, header)
                          widths in cm; a cell is a text (one paragraph) or a list of blocks;
                          kind: grid (ruled, first `header` rows shaded and repeated on each page),
                          form (label column shaded), plain (no borders), slip (one cell that may
                          not split across pages, dashed border: the tear-off slip)
Notes on LibreOffice 7.4's DOCX export (see Tests/Fixtures/src/fixtures.py):
  - no style:default-outline-level on heading styles (it makes numbering.xml invalid);
  - no meta:initial-creator / dc:creator, so the documents carry no author.
"""
import os
import re
import sys
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))

NAVY = "#1f3a68"
GOLD = "#c8961e"
GREY = "#505a66"
RULE = "#9aa8c0"
SHADE = "#e9eef6"
TEXT_W = 17.0   # cm between the margins


# ----------------------------------------------------------------------------------------------
# Block constructors
# ----------------------------------------------------------------------------------------------
def P(text, style="Body"):
    return ("p", style, text)


def H1(text):
    return ("h", 1, text)


def H2(text):
    return ("h", 2, text)


def UL(*items):
    return ("ul", list(items))


def TABLE(widths, rows, kind="grid", header=1):
    assert abs(sum(widths) - TEXT_W) < 0.01 or kind in ("inner",), (widths, sum(widths))
    for r in rows:
        assert len(r) == len(widths), r
    return ("table", widths, rows, kind, header)


def FOR_ROW(tag, ncols):
    """A table row holding only a block tag (first cell), the rest empty."""
    return [tag] + [""] * (ncols - 1)


# ----------------------------------------------------------------------------------------------
# Shared pieces of the letters
# ----------------------------------------------------------------------------------------------
def letterhead():
    return [
        TABLE([9.6, 7.4], [[
            [P("{% if school.logo is defined and school.logo %}", "LetterheadLeft"),
             P("{{ school.logo | image(height=\"1.5cm\") }}", "LetterheadLeft"),
             P("{% endif %}", "LetterheadLeft"),
             P("{{ school.name }}", "SchoolName"),
             P("{% if school.headteacher is defined %}Headteacher: {{ school.headteacher.name }}{% endif %}",
               "LetterheadLeft")],
            [P("{{ school.address | join(', ') }}", "Letterhead"),
             P("Telephone {{ school.phone | default('') }}", "Letterhead"),
             P("{{ school.email | default('') }}", "Letterhead"),
             P("{{ school.website | default('') }}", "Letterhead")],
        ]], kind="plain", header=0),
        P("", "Rule"),
    ]


def addressee(contact, extra_right=()):
    """Recipient block (left) and reference, date (right)."""
    left = [
        P("{{ %s.name }}" % contact, "Address"),
        P("{{ %s.role | default('') }}" % contact, "Address"),
        P("{{ provider.name }}", "Address"),
        P("{% for line in provider.address %}", "Address"),
        P("{{ line }}", "Address"),
        P("{% endfor %}", "Address"),
    ]
    right = [
        P("Our reference: {{ letter.reference }}", "Right"),
        P("Date: {{ letter.date | date }}", "Right"),
    ] + list(extra_right)
    return TABLE([9.2, 7.8], [[left, right]], kind="plain", header=0)


def cites(policy="policy"):
    return ("{{ %s.title }}, version {{ %s.version }}, effective from {{ %s.effective | date }}"
            % (policy, policy, policy))


FOOTER_LETTER = ("{{ school.name }} · {{ school.phone | default('') }} · {{ school.email | default('') }}"
                 "<tab/>Ref {{ letter.reference }} · Page <page/> of <pages/>")


# ----------------------------------------------------------------------------------------------
# 1. Online-safety letter (per provider; no pupil data)
# ----------------------------------------------------------------------------------------------
ONLINE_SAFETY = dict(
    title="Social networking, social media and e-safety: letter to a provider",
    footer=[FOOTER_LETTER],
    body=letterhead() + [
        addressee("provider.dsl", [P("Please ask for: {{ school.dsl.name }}", "Right")]),
        P("Dear {{ provider.dsl.salutation | default(provider.dsl.name) }},", "Salutation"),
        P("Social networking, social media and e-safety: our expectations", "Subject"),
        P("Thank you for working with {{ school.name }} to educate our pupils. Pupils who attend "
          "{{ provider.name }} stay on our roll, and we keep our responsibility for their safety and "
          "welfare while they are with you. Before a placement starts we give every provider our "
          "expectations in writing about social networking, the use of social media and e-safety, so "
          "that your staff and ours work in the same way. This letter sets those expectations out."),
        P("It is written under our " + cites() + ". A copy of the policy is enclosed; where this "
          "letter and the policy differ, the policy applies. We will write to you again whenever we "
          "publish a new version."),
        H1("1. Contact with pupils"),
        UL("Staff and volunteers must not contact our pupils, or accept contact from them, through "
           "personal social media, messaging apps, gaming platforms, or personal telephone numbers or "
           "e-mail addresses. Use your setting's official accounts and devices, and keep messages "
           "about learning and arrangements only.",
           "Do not send or accept “friend” or “follow” requests to or from our pupils or their parents "
           "and carers on personal accounts, during the placement or after it ends.",
           "If a pupil contacts a member of staff through a personal account, the member of staff "
           "should not continue the conversation, should keep a record, and should tell your "
           "designated safeguarding lead (DSL) and ours the same day."),
        H1("2. Photographs, video and pupils’ information"),
        UL("Do not take, keep or share photographs or video of our pupils unless the school has "
           "confirmed in writing that consent is held for that use. Please ask us before any image "
           "appears on your website, in a newsletter or on social media.",
           "Take images only on equipment owned by your setting, never on a personal phone, and move "
           "them to secure storage promptly.",
           "Never publish anything that could identify where one of our pupils is, their school or "
           "their circumstances. For some children, for example those who are looked after, this "
           "could place them at risk.",
           "Keep any personal information we share about a pupil secure, use it only for the "
           "placement, and send it to us by secure e-mail (UK GDPR and the Data Protection Act 2018)."),
        H1("3. Internet use, filtering and monitoring"),
        UL("Make sure pupils’ internet access at your setting is filtered and monitored. We expect you to "
           "meet the standard that Keeping children safe in education and the DfE’s filtering and "
           "monitoring standards set for schools and colleges. Please tell us which system you use and who "
           "checks its reports.",
           "Supervise pupils’ use of devices, and teach them how to stay safe online, including the "
           "risks of sharing images, online grooming, exploitation and radicalisation.",
           "Tell us your rules on pupils’ own mobile phones, so that we can explain them to pupils and "
           "families before the placement starts."),
        H1("4. Reporting an online-safety incident"),
        UL("Report any online-safety concern about one of our pupils to our DSL the same day: for "
           "example cyberbullying, the sharing of self-generated intimate images or videos (including images "
           "generated using AI, such as deepfakes), contact from an adult, or signs of exploitation or "
           "radicalisation.",
           "Do not view, copy, forward or delete an image you are told about. Secure the device and "
           "follow the UKCIS advice Sharing nudes and semi-nudes: advice for education settings; our "
           "DSL will advise you.",
           "If a child is in immediate danger, call 999 first, then tell us.",
           "An allegation that a member of staff has harmed a pupil, or may be unsuitable to work with "
           "children, because of how they behaved online goes to our DSL straight away, and to your head or "
           "proprietor and the Local Authority Designated Officer (LADO). A low-level concern about an "
           "adult’s online conduct goes to your head or proprietor and to our DSL, not to the LADO."),
        P("Our safeguarding team, who deal with every online-safety concern about our pupils:", "Lead"),
        TABLE([4.3, 3.9, 2.6, 6.2], [
            ["Role", "Name", "Telephone", "E-mail"],
            ["{{ school.dsl.role }}", "{{ school.dsl.name }}", "{{ school.dsl.phone | default('') }}", "{{ school.dsl.email | default('') }}"],
            FOR_ROW("{% for d in school.deputy_dsls %}", 4),
            ["{{ d.role }}", "{{ d.name }}", "{{ d.phone | default('') }}", "{{ d.email | default('') }}"],
            FOR_ROW("{% endfor %}", 4),
        ]),
        H1("5. What we ask you to do"),
        P("Please share this letter with every member of staff and every volunteer who will work with "
          "our pupils, and check that your own online-safety and acceptable-use policies are followed. "
          "If anything in your policies differs from what we ask here, tell us so that we can agree how "
          "to work together. Please confirm by e-mail to {{ school.dsl.email | default('') }} that you have received "
          "this letter and shared it with your staff."),
        P("Thank you for your support in keeping our pupils safe online.", "Body"),
        P("Yours sincerely,", "Closing"),
        P("{{ school.dsl.name }}", "SignName"),
        P("{{ school.dsl.role }}, {{ school.name }}", "Address"),
        P("Enclosure: {{ policy.title }} (version {{ policy.version }})", "Small"),
        P("{% if school.ap_coordinator is defined %}Copy: {{ school.ap_coordinator.name }}, "
          "{{ school.ap_coordinator.role }}{% endif %}", "Small"),
    ],
)

# ----------------------------------------------------------------------------------------------
# 2. Child-protection letter (per provider; no pupil data) with the vetting return slip
# ----------------------------------------------------------------------------------------------
VETTING_CHECKS = [
    "Identity verified",
    "Enhanced DBS certificate with a check of the children’s barred list",
    "Right to work in the United Kingdom",
    "References obtained and followed up before appointment",
    "Prohibition from teaching check (staff who carry out teaching work)",
    "Further checks for anyone who has lived or worked outside the UK",
    "Section 128 direction check, for management roles in an independent school or academy, where it still applies",
    "Qualifications the role requires, and mental and physical fitness for it",
    "A single central record, or an equivalent record, of the checks above",
]

SLIP = [
    P("✂  Please detach, complete and return this slip to {{ school.dsl.name }}, "
      "{{ school.name }}, {{ school.address | join(', ') }}, or scan it and e-mail it to "
      "{{ school.dsl.email | default('') }}.", "CutLine"),
    P("Return slip: confirmation of staff vetting checks", "SlipTitle"),
    P("Our reference: {{ letter.reference }}", "SlipBody"),
    P("Provider: <b>{{ provider.name }}</b>{% if provider.registration.urn is defined %} "
      "(URN {{ provider.registration.urn }}){% endif %}", "SlipBody"),
    P("I confirm that {{ provider.name }} has carried out the checks ticked below, where applicable to "
      "each person’s role, with satisfactory results, on the staff and volunteers who work with pupils of "
      "{{ school.name }}: the checks the school would otherwise carry out on its own staff (Keeping "
      "children safe in education, Part 3). We will tell the school before anyone new works with its "
      "pupils, and before any change of site or subcontracting.", "SlipBody"),
    TABLE([11.6, 2.2, 2.4], [["Check", "Confirmed", "Not applicable"]] + [[c, "☐", "☐"] for c in VETTING_CHECKS],
          kind="inner", header=1),
    P("Signed: <tab/>", "SignLineSlip"),
    P("Name: <tab/>", "SignLineSlip"),
    P("Role: <tab/>", "SignLineSlip"),
    P("Date: <tab/>", "SignLineSlip"),
]

CHILD_PROTECTION = dict(
    title="Child protection and safeguarding: letter to a provider",
    footer=[FOOTER_LETTER],
    body=letterhead() + [
        addressee("provider.dsl", [P("Please ask for: {{ school.dsl.name }}", "Right")]),
        P("Dear {{ provider.dsl.salutation | default(provider.dsl.name) }},", "Salutation"),
        P("Child protection: our expectations, and what to do if you are worried about a pupil", "Subject"),
        P("Thank you for working with {{ school.name }}. When we place a pupil with {{ provider.name }}, "
          "the pupil stays on our roll and we remain responsible for their safeguarding. Keeping "
          "children safe in education (KCSIE), Part 3, asks us to be satisfied that you can meet our "
          "pupils’ needs and to obtain written confirmation that you have carried out the checks on "
          "your staff that we would carry out on our own. This letter sets out how we will work "
          "together to keep our pupils safe, and asks you to confirm those checks on the slip at the "
          "end."),
        P("It is written under our " + cites() + ", which you have been sent with it. Please make "
          "sure everyone who works with our pupils has read this letter and knows who to tell if they "
          "are worried."),
        H1("1. If you are worried about one of our pupils"),
        UL("If a child is in immediate danger, call the police on 999 straight away, then tell us.",
           "Tell your own DSL, and report the concern to our designated safeguarding lead by telephone "
           "<b>immediately</b>. Do not wait until you are certain: it is our job to decide what "
           "happens next, and a small worry may complete a bigger picture.",
           "Follow the call with a written record within 24 hours by secure e-mail: what you saw or "
           "heard, the child’s own words, the date and time, and your name and role.",
           "Listen, but do not investigate, ask leading questions or promise to keep a secret.",
           "If you are worried that a pupil may be being drawn into terrorism, tell our DSL, who decides "
           "with you on a Prevent referral. A teacher who learns that female genital mutilation has been "
           "carried out on a girl under 18 must report it to the police (section 5B of the Female Genital "
           "Mutilation Act 2003), and tell our DSL.",
           "If you cannot reach anyone in our safeguarding team and you think a child is at risk of "
           "significant harm, contact children’s social care yourself. Anyone can make a referral. The "
           "referral goes to the local authority where the child lives: for {{ school.local_authority.name }} "
           "use the front door below; if the child lives elsewhere, the number is on the pupil’s information "
           "sheet, or ask the front door below to pass it on."),
        P("Who to contact", "Lead"),
        TABLE([4.3, 3.9, 2.6, 6.2], [
            ["Role", "Name", "Telephone", "E-mail"],
            ["{{ school.dsl.role }}", "<b>{{ school.dsl.name }}</b>", "{{ school.dsl.phone | default('') }}", "{{ school.dsl.email | default('') }}"],
            FOR_ROW("{% for d in school.deputy_dsls %}", 4),
            ["{{ d.role }}", "{{ d.name }}", "{{ d.phone | default('') }}", "{{ d.email | default('') }}"],
            FOR_ROW("{% endfor %}", 4),
            ["Children’s services (front door), {{ school.local_authority.name }}",
             "{{ school.local_authority.front_door.name }}", "{{ school.local_authority.front_door.phone | default('') }}",
             "{{ school.local_authority.front_door.email | default('') }}"],
            ["{{ school.local_authority.lado.role | default('Local Authority Designated Officer') }} (LADO)",
             "{{ school.local_authority.lado.name }}", "{{ school.local_authority.lado.phone | default('') }}",
             "{{ school.local_authority.lado.email | default('') }}"],
        ]),
        H1("2. Concerns or allegations about an adult"),
        P("If anyone alleges that a member of your staff, a volunteer or a contractor has harmed a child, "
          "may have harmed a child, or has behaved in a way that suggests they may be unsuitable to work "
          "with children, tell our DSL straight away, so that we can protect our pupil, and tell your head "
          "or proprietor and the LADO within one working day. Please also share with us any low-level concern about an adult’s conduct towards "
          "one of our pupils (KCSIE Part 4)."),
        H1("3. Where our pupils are, and reviewing a placement"),
        UL("We must know where our pupils are during school hours. Tell us in writing <b>before</b> any "
           "change to where our pupils are taught: a new or different site, or any part of the provision "
           "subcontracted to another organisation. We keep a record of the address of every site and "
           "subcontractor (KCSIE Part 3).",
           "If a safeguarding concern arises about a placement, we will review it at once, and we may "
           "suspend or end the placement immediately; the pupil then returns to school while we decide "
           "with you, the family and the local authority what happens next."),
        H1("4. Sharing information"),
        P("Before a placement starts we will give you the information you need to keep the pupil safe: "
          "their support and risk plans, who to contact, and anything you must know about their welfare. "
          "Keep it confidential and secure, and share it only with staff who need it. In return, please "
          "tell us the same day about any incident, injury, or change in a pupil’s behaviour or "
          "presentation, and straight away if a pupil is missing from your site."),
        H1("5. Written confirmation of your staff vetting checks"),
        P("KCSIE Part 3 asks us to obtain written confirmation that you have carried out the "
          "appropriate safeguarding checks on those working at your setting who will work with our "
          "pupils: the checks we would otherwise carry out on our own staff, as they apply to each person’s "
          "role. Please complete the return slip at the end of this letter, have it signed by your "
          "head, proprietor or DSL, and return it to us before any pupil starts. We cannot finalise a "
          "placement agreement until we have it. Please tell us at once if the checks of anyone working "
          "with our pupils change."),
        H1("6. Safeguarding training and information we offer your staff"),
        P("We want to support your staff to keep our pupils safe. We offer:"),
        UL("{% for t in school.safeguarding_training %}", "{{ t }}", "{% endfor %}"),
        P("To book a place or ask for any of these, contact {{ school.dsl.name }} on "
          "{{ school.dsl.phone | default('') }}."),
        P("Thank you for the care you give our pupils.", "Body"),
        P("Yours sincerely,", "Closing"),
        P("{{ school.dsl.name }}", "SignName"),
        P("{{ school.dsl.role }}, {{ school.name }}", "Address"),
        P("Enclosure: {{ policy.title }} (version {{ policy.version }})", "Small"),
        TABLE([TEXT_W], [[SLIP]], kind="slip", header=0),
    ],
)

# ----------------------------------------------------------------------------------------------
# 3. Attendance letter (per provider; pupils by key only)
# ----------------------------------------------------------------------------------------------
ATTENDANCE = dict(
    title="Attendance and absence follow-up: letter to a provider",
    footer=[FOOTER_LETTER],
    body=letterhead() + [
        addressee("provider.attendance_contact", [P("Please ask for: {{ school.attendance_officer.name }}", "Right")]),
        P("Dear {{ provider.attendance_contact.salutation | default(provider.attendance_contact.name) }},", "Salutation"),
        P("Attendance: confirming every session and telling us about absence", "Subject"),
        P("Our pupils who attend {{ provider.name }} remain on the roll of {{ school.name }}, and we must "
          "record their attendance for every morning and afternoon session. The School Attendance (Pupil "
          "Registration) (England) Regulations 2024 (regulation 10) let us record a pupil as attending "
          "education off site only for a session at which the pupil is actually attending it. We cannot "
          "enter that mark on trust or fill it in later: we need to know, for each session, that each pupil "
          "is with you. This letter sets out how to confirm that every day, and how we will follow up any "
          "absence together, as the DfE’s statutory guidance Working together to improve school attendance "
          "(2024) expects."),
        P("It is written under our " + cites() + "."),
        H1("1. Our pupils at {{ provider.name }}"),
        P("To protect their privacy, this letter identifies pupils only by their school reference. "
          "You hold their names and contact details in the placement agreement for each pupil."),
        P("{% if placements | length > 0 %}"),
        TABLE([3.4, 1.6, 5.6, 2.5, 2.5, 1.4], [
            ["Pupil reference", "Year", "Days at the provider", "Start", "Planned end", "Code"],
            FOR_ROW("{% for p in placements %}", 6),
            ["<b>{{ p.pupil_key }}</b>", "{{ p.year_group | default('') }}", "{{ p.days }}",
             "{{ p.start | date('d MMM yyyy') }}", "{{ p.planned_end | date('d MMM yyyy') }}",
             "<b>{{ p.attendance_code }}</b>"],
            FOR_ROW("{% endfor %}", 6),
        ]),
        UL("{% for p in placements %}",
           "<b>{{ p.pupil_key }}</b>, code {{ p.attendance_code }}: {{ p.code_basis }}.",
           "{% endfor %}"),
        P("{% else %}"),
        P("We have no pupils placed with you at present; this letter applies to any pupil we place "
          "with you.", "Body"),
        P("{% endif %}"),
        P("The code is how our register records a session at your setting. <b>B</b>: attending an approved "
          "educational activity off site, which a person authorised by the school has approved and "
          "supervises (regulation 10(11)). <b>K</b>: attending education arranged by the local authority "
          "under section 19 of the Education Act 1996 or section 42 or 61 of the Children and Families Act "
          "2014. For B and K, if a pupil does not attend a session we record an absence code instead, so "
          "your confirmation decides which mark is entered. <b>D</b>: the pupil is also a registered pupil "
          "of your school; you record attendance and absence for the sessions the pupil is expected at your "
          "school, in your own register, and tell us of any absence the same day; we record D for those "
          "sessions and do not enter an absence code for them.", "Small"),
        H1("2. What we ask you to do"),
        UL("Take a register at the start of every morning session and once during every afternoon session "
           "our pupils attend, and record the time of any late arrival or early departure.",
           "<b>Confirm attendance for every session, every day.</b> Within "
           "<b>{{ school.attendance_confirmation_minutes }} minutes of taking your morning register</b>, and "
           "again within {{ school.attendance_confirmation_minutes }} minutes of your afternoon register, "
           "send us a daily confirmation of each pupil’s mark for that session (present, late with the time, "
           "or absent): {{ school.attendance_method }}. Send it even when every pupil is present: we need to "
           "know that each pupil is with you, not only that no one is missing.",
           "<b>Telephone us immediately about any absence</b>, at either session, without waiting for the "
           "confirmation: give the pupil reference, the session, and any reason you have been given and by "
           "whom.",
           "Tell us straight away if a pupil arrives late, leaves early, or does not return after a break.",
           "Pupils may not leave your site during a session unless an adult from your setting goes with "
           "them, or the school has agreed otherwise in writing in the pupil’s placement agreement. If a "
           "pupil leaves without permission or goes missing, follow your missing-child procedure, "
           "telephone the parent or carer and us at once, and call 999 if the pupil may be in danger.",
           "Tell us at least a week in advance of any day your setting is closed when our school is open "
           "(training days, different term dates, reading weeks), and at once if a session cannot go ahead, "
           "so that the pupil can be in school instead and we know where they are.",
           "Do not authorise absence yourselves: only the school can authorise a pupil’s absence. "
           "Please refer any request for leave to us.",
           "Expect a pupil only at the sessions in their placement agreement. If a pupil is on a reduced "
           "timetable agreed with their parent, the sessions at which they are neither with you nor in "
           "school are recorded by us as C2 (regulation 11(6)); we will tell you which sessions these are."),
        H1("3. How we follow up absence"),
        UL("On the first day of any unexplained absence we contact the parent or carer, and tell you "
           "what we have found out.",
           "If we cannot reach the family or are worried about the pupil’s safety, we follow our "
           "child-protection procedures, which may include a home visit.",
           "Where a pupil has a social worker, is looked after, or is supported by the youth justice "
           "service, we tell the social worker, the Virtual School or the youth justice worker of any "
           "unexplained absence on the same day.",
           "{% if local_authority_placements %}",
           "For a pupil whose placement the local authority arranges (code K), the local authority is the "
           "commissioner: we copy this letter to its team and tell it of any absence we cannot resolve.",
           "{% endif %}",
           "We look at each pupil’s attendance at every placement review and, where it falls, we will "
           "meet the pupil and family with you to understand the barriers and agree support first."),
        P("Who to contact about attendance", "Lead"),
        TABLE([4.3, 3.9, 2.6, 6.2], [
            ["Role", "Name", "Telephone", "E-mail"],
            ["{{ school.attendance_officer.role | default('Attendance Officer') }}, {{ school.name }}",
             "<b>{{ school.attendance_officer.name }}</b>", "{{ school.attendance_officer.phone | default('') }}",
             "{{ school.attendance_officer.email | default('') }}"],
            ["{{ school.dsl.role }} (if you are worried about a pupil’s welfare)",
             "{{ school.dsl.name }}", "{{ school.dsl.phone | default('') }}", "{{ school.dsl.email | default('') }}"],
            ["Attendance contact, {{ provider.name }}", "{{ provider.attendance_contact.name }}",
             "{{ provider.attendance_contact.phone | default('') }}",
             "{{ provider.attendance_contact.email | default('') }}"],
        ]),
        P("Thank you for helping our pupils to attend well; good attendance is the foundation for "
          "everything else the placement can achieve."),
        P("Yours sincerely,", "Closing"),
        P("{% if school.attendance_champion is defined %}"),
        P("{{ school.attendance_champion.name }}", "SignName"),
        P("{{ school.attendance_champion.role | default('Senior attendance champion') }}, {{ school.name }}", "Address"),
        P("{% else %}"),
        P("{{ school.attendance_officer.name }}", "SignName"),
        P("{{ school.attendance_officer.role | default('Attendance Officer') }}, {{ school.name }}", "Address"),
        P("{% endif %}"),
        P("Copy: {{ provider.dsl.name }}, {{ provider.dsl.role | default('Designated Safeguarding Lead') }}"
          "{% if school.ap_coordinator is defined %}; {{ school.ap_coordinator.name }}, "
          "{{ school.ap_coordinator.role }}{% endif %}{% if local_authority_placements and "
          "school.local_authority.ap_team is defined %}; {{ school.local_authority.ap_team.name }}{% endif %}", "Small"),
    ],
)


# ----------------------------------------------------------------------------------------------
# 4. Placement agreement (per placement)
# ----------------------------------------------------------------------------------------------
def sign_cell(key, heading):
    s = "signature." + key
    return [
        P(heading, "SignHead"),
        P("{% if " + s + ".signed %}", "SignBody"),
        P("{% if " + s + ".image | default('') %}", "SignBody"),
        P("{{ " + s + ".image | image(height=\"1.2cm\") }}", "SignBody"),
        P("{% endif %}", "SignBody"),
        P("Signed by <b>{{ " + s + ".name | default('') }}</b>", "SignBody"),
        P("Date: {{ " + s + ".date | default('') | date }}", "SignBody"),
        P("{% if (" + s + ".method | default('')) == 'paper' %}Signed on paper; the original is kept by the school."
          "{% elif (" + s + ".method | default('')) == 'typed' %}Signed electronically (typed signature)."
          "{% else %}Signed electronically (drawn signature).{% endif %}", "Small"),
        P("{% else %}", "SignBody"),
        P("Signature: <tab/>", "SignLine"),
        P("Name: <tab/>", "SignLine"),
        P("Date: <tab/>", "SignLine"),
        P("{% endif %}", "SignBody"),
    ]


AGREEMENT = dict(
    title="Alternative provision placement agreement",
    footer=["Placement agreement {{ placement.id }} · Pupil {{ pupil.key }} · Confidential: contains "
            "personal information<tab/>Page <page/> of <pages/>"],
    body=letterhead() + [
        P("Alternative provision placement agreement", "Title"),
        TABLE([3.0, 5.5, 3.0, 5.5], [
            ["Pupil", "<b>{{ pupil.name }}</b>", "Pupil reference", "{{ pupil.key }}"],
            ["Year group", "{% if pupil.year_group is defined %}Year {{ pupil.year_group }}{% endif %}",
             "Date of birth", "{{ pupil.date_of_birth | default('') | date }}"],
            ["School", "{{ school.name }}", "Provider", "{{ provider.name }}"],
            ["Placement", "{{ placement.id }}", "Our reference", "{{ letter.reference }}"],
            ["Dates", "{{ placement.start | date }} to {{ placement.planned_end | default('') | date }}",
             "Hours", "{{ placement.hours_text }} hours a week at the provider; {{ placement.total_hours_text }} "
             "hours a week of education in all"],
            ["Status", "{% if placement.agreement_state == 'signed' %}Signed by all parties"
             "{% elif placement.agreement_state == 'partly-signed' %}Partly signed: not final until all "
             "parties sign{% else %}Draft for discussion and signature{% endif %}",
             "Generated", "{{ letter.date | date }}{% if placement.last_changed is defined %}; terms dated "
             "{{ placement.last_changed | date }}{% endif %}"],
        ], kind="form4", header=0),
        P("This agreement records what {{ pupil.name }}, {{ pupil.first_name }}’s parents or carers, "
          "{{ school.name }} and {{ provider.name }} have agreed together. Alternative provision is a "
          "supportive step, chosen to help {{ pupil.first_name }} succeed, not a sanction. "
          "{{ pupil.first_name }} has helped to shape the aims and targets below and will review them with "
          "us, so that they are their own.", "Intro"),

        H1("1. The parties"),
        TABLE([3.4, 13.6], [
            ["School", "<b>{{ school.name }}</b> (URN {{ school.urn }}), {{ school.address | join(', ') }}. "
             "Placement lead: {% if school.ap_coordinator is defined %}{{ school.ap_coordinator.name }}, "
             "{{ school.ap_coordinator.role }}, {{ school.ap_coordinator.phone | default(school.phone) }}"
             "{% else %}{{ school.phone | default('') }}{% endif %}."],
            ["Provider", "<b>{{ provider.name }}</b>{% if provider.registration.urn is defined %} "
             "({{ provider.registration.type | default('registered') }}, URN {{ provider.registration.urn }})"
             "{% endif %}, {{ provider.address | join(', ') }}. Designated safeguarding lead: "
             "{{ provider.dsl.name }}, {{ provider.dsl.phone | default(provider.phone) }}."],
            ["Pupil", "<b>{{ pupil.name }}</b>{% if pupil.year_group is defined %}, Year {{ pupil.year_group }}"
             "{% endif %}"],
        ], kind="form", header=0),
        P("{% if placement.basis == 'local-authority' %}"),
        TABLE([3.4, 13.6], [
            ["Local authority", "<b>{{ placement.la_arrangement.authority | default('The local authority') }}</b> "
             "arranges this placement{% if placement.la_power_text %} under {{ placement.la_power_text }}{% endif %}. "
             "Agreed for the local authority by {{ placement.la_arrangement.agreed_by.name | default('') }}"
             "{% if placement.la_arrangement.agreed_by.role is defined %}, {{ placement.la_arrangement.agreed_by.role }}"
             "{% endif %}, on {{ placement.la_arrangement.agreed | default('') | date }}."],
        ], kind="form", header=0),
        P("{% elif pupil.looked_after and pupil.care is defined %}"),
        TABLE([3.4, 13.6], [
            ["Local authority", "<b>{{ pupil.care.authority | default('The local authority') }}</b> looks after "
             "{{ pupil.first_name }}. Social worker: {{ pupil.care.social_worker.name | default('') }} "
             "({{ pupil.care.social_worker.phone | default('') }}). Virtual school head: "
             "{{ pupil.care.virtual_school_head.name | default('') }} "
             "({{ pupil.care.virtual_school_head.phone | default('') }})."],
        ], kind="form", header=0),
        P("{% endif %}"),
        P("Parents and carers", "Lead"),
        TABLE([4.0, 3.0, 2.8, 2.8, 2.6, 1.8], [
            ["Name", "Relationship", "Telephone", "Involved in planning", "Parental responsibility", "Agrees"],
            FOR_ROW("{% for p in parents %}", 6),
            ["{{ p.name }}", "{{ p.relationship | default('') }}", "{{ p.phone | default('') }}",
             "{{ p.involved | default('') | date }}", "{{ p.parental_responsibility_text }}",
             "{{ p.agreed | default(false) | yesno }}"],
            FOR_ROW("{% endfor %}", 6),
        ]),
        P("Key adults for {{ pupil.first_name }}", "Lead"),
        TABLE([5.0, 8.0, 4.0], [
            ["Name", "Role", "Telephone"],
            FOR_ROW("{% for k in pupil.key_workers %}", 3),
            ["{{ k.name }}", "{{ k.role | default('') }}", "{{ k.phone | default('') }}"],
            FOR_ROW("{% endfor %}", 3),
        ]),
        P("{% if pupil.sen is defined and pupil.sen.support != 'none' %}"),
        P("<b>Special educational needs.</b> {% if pupil.sen.support == 'ehc-plan' %}{{ pupil.first_name }} has an "
          "education, health and care (EHC) plan{% else %}{{ pupil.first_name }} receives SEN support{% endif %}"
          "{% if pupil.sen.summary is defined %}: {{ pupil.sen.summary | default('') }}{% endif %}. The provider has been "
          "given the information it needs to meet these needs{% if pupil.sen.support == 'ehc-plan' %}, "
          "including the relevant sections of the plan{% endif %}.{% if pupil.sen.support == 'ehc-plan' %} "
          "{% if placement.ehc_plan_review is defined %}The plan was reviewed on "
          "{{ placement.ehc_plan_review | date }}, before the placement starts, {% else %}The plan will be "
          "reviewed before the placement starts, {% endif %}and {{ placement.la_arrangement.authority | "
          "default('the local authority') }} agreed the placement{% if placement.la_arrangement.agreed is "
          "defined %} on {{ placement.la_arrangement.agreed | date }}{% endif %}; the plan is amended if the "
          "way its provision is delivered changes.{% endif %}"),
        P("{% endif %}"),
        P("{% if pupil.medical_needs_ref is defined %}"),
        P("<b>Health.</b> {{ pupil.first_name }}’s health care plan (reference {{ pupil.medical_needs_ref | default('') }}) has "
          "been shared with the provider’s first aiders and the staff who need to know it."),
        P("{% endif %}"),
        P("{% if pupil.looked_after %}"),
        P("<b>Looked-after pupil.</b> {{ pupil.first_name }} {{ pupil.care_status_text | default('is looked "
          "after by the local authority') }}. Foster carers do not hold parental responsibility; they act "
          "under the authority delegated to them. The placement forms part of {{ pupil.first_name }}’s "
          "personal education plan{% if pupil.care.pep is defined %} (reviewed on {{ pupil.care.pep | date }})"
          "{% endif %}. The school’s designated teacher and the virtual school are involved in every review, "
          "and the social worker is told of any unexplained absence the same day."),
        P("{% endif %}"),

        H1("2. Legal basis and attendance"),
        P("{% if placement.basis == 'local-authority' %}"),
        P("<b>Basis:</b> {{ placement.la_arrangement.authority | default('The local authority') }} arranges "
          "{{ pupil.first_name }}’s education in this placement{% if placement.la_power_text %} under "
          "{{ placement.la_power_text }}{% endif %}, and is responsible for it. {{ pupil.first_name }} stays on "
          "the admission register of {{ school.name }}, which keeps its safeguarding duties for a pupil on its "
          "roll and works with the local authority and the provider throughout."),
        P("{% elif placement.basis == 'dual-registration' %}"),
        P("<b>Basis:</b> {{ pupil.first_name }} is registered at both {{ school.name }} and {{ provider.name }} "
          "(dual registration). Each school keeps its own register for the sessions {{ pupil.first_name }} is "
          "expected there, and both keep their safeguarding duties."),
        P("{% else %}"),
        P("<b>Basis:</b> {{ placement.basis_text }}. {{ pupil.first_name }} stays on the admission register "
          "of {{ school.name }} throughout the placement, and the school remains responsible for "
          "{{ pupil.first_name }}’s education, safeguarding and welfare. The activity is approved and "
          "supervised for the school by {{ placement.supervised_by.name | default('') }}"
          "{% if placement.supervised_by.role is defined %}, {{ placement.supervised_by.role }}{% endif %}."),
        P("{% endif %}"),
        P("{% if placement.arrangement.reason is defined %}"),
        P("<b>Why:</b> {{ placement.arrangement.reason }}{% if placement.arrangement.power is defined %} "
          "<b>Power:</b> {{ placement.arrangement.power }}{% endif %}"),
        P("{% endif %}"),
        P("{% if placement.attendance_code == 'D' %}"),
        P("<b>Attendance code D:</b> for the sessions {{ pupil.first_name }} is expected at {{ provider.name }}, "
          "{{ school.name }} records code D ({{ placement.attendance_code_meaning }}), as regulation 10 of the "
          "School Attendance (Pupil Registration) (England) Regulations 2024 provides. {{ provider.name }} "
          "records attendance and absence for those sessions in its own register and tells the school of any "
          "absence the same day."),
        P("{% else %}"),
        P("<b>Attendance code {{ placement.attendance_code }}:</b> for every session at the provider the "
          "school records code {{ placement.attendance_code }} ({{ placement.attendance_code_meaning }}), "
          "as regulation 10 of the School Attendance (Pupil Registration) (England) Regulations 2024 "
          "allows, only once the provider has confirmed that {{ pupil.first_name }} is attending that session. "
          "The provider sends a daily confirmation of attendance for each session, morning and afternoon, "
          "within {{ school.attendance_confirmation_minutes }} minutes of its register, and telephones the "
          "school immediately about any absence, which the school records with the appropriate absence code."),
        P("{% endif %}"),
        P("{% if placement.reduced_timetable_needed %}"),
        P("<b>Reduced timetable.</b> {{ pupil.first_name }}’s week includes sessions with no education "
          "({{ placement.sessions_without_education }}), which the school records as C2 (regulation 11(6)). "
          "This is an exceptional, temporary arrangement: {{ placement.reduced_timetable.reason | default('') }}. "
          "A parent agreed it on {{ placement.reduced_timetable.parent_agreed | default('') | date }}, the local "
          "authority was told on {{ placement.reduced_timetable.la_told | default('') | date }}, and it ends on "
          "{{ placement.reduced_timetable.ends | default('') | date }}. The plan back to a full-time timetable: "
          "{{ placement.reduced_timetable.plan_to_full_time | default('') }}"),
        P("{% endif %}"),
        P("The placement follows the Department for Education’s guidance Arranging alternative provision "
          "(2025), and the provider has been checked against the school’s commissioning checklist."
          "{% if placement.la_notified is defined %} {{ school.local_authority.name | default('The local "
          "authority') }} was told of the placement on {{ placement.la_notified | date }}.{% endif %}"),

        H1("3. Dates, sessions and the rest of the week"),
        P("The placement starts on <b>{{ placement.start | date }}</b>{% if placement.planned_end is defined %} "
          "and is planned to end on <b>{{ placement.planned_end | date }}</b>{% endif %}. "
          "{{ pupil.first_name }} is at {{ provider.name }} for {{ placement.hours_text }} hours a week on "
          "{{ placement.days }}{% if placement.part_time %}, and is at the places below for the rest of the "
          "week{% endif %}: {{ placement.total_hours_text }} hours of education a week in all."),
        TABLE([4.0, 5.0, 8.0], [
            ["Day", "Times", "Where"],
            FOR_ROW("{% for s in placement.sessions %}", 3),
            ["{{ s.day }}", "{{ s.start | time }} to {{ s.end | time }}", "{{ s.site_name | default(s.site) | default('Main site') }}"],
            FOR_ROW("{% endfor %}", 3),
        ]),
        P("{% for site in provider.sites %}", "Small"),
        P("<b>{{ site.name | default(site.id) }}</b>: {{ site.address | join(', ') }}", "Small"),
        P("{% endfor %}", "Small"),
        P("{% if placement.rest_of_week | length > 0 %}"),
        P("<b>Rest of the week:</b>"),
        UL("{% for r in placement.rest_of_week %}",
           "{{ r.days }}: {% if r.where == 'school' %}at {{ school.name }}, {{ r.hours_text }} hours{% elif "
           "r.where == 'home' %}at home (no education){% else %}other provision, {{ r.hours_text }} hours"
           "{% endif %}{% if r.description is defined and r.description %}: {{ r.description }}{% endif %}",
           "{% endfor %}"),
        P("{% elif placement.part_time %}"),
        P("<b>Rest of the week:</b> to be agreed before the placement starts."),
        P("{% endif %}"),

        H1("4. Transport"),
        TABLE([3.4, 13.6], [
            ["Arrangement", "{{ placement.transport.arrangement | default('To be agreed') }}"],
            ["Arranged by", "{{ placement.transport.arranged_by | default('') }}"],
            ["Cost", "{% if placement.transport.cost_per_week | default(0) %}{{ placement.transport.cost_per_week | gbp }} "
             "a week{% else %}No charge to the family{% endif %}"],
        ], kind="form", header=0),
        P("If {{ pupil.first_name }} does not arrive when expected, the provider tells the school straight away. "
          "Any change to transport is agreed with the school first."),

        H1("5. Aims, and {{ pupil.first_name }}’s own words"),
        P("The placement aims to:"),
        UL("{% for a in placement.aims %}", "{{ a }}", "{% endfor %}"),
        P("{% if placement.pupil_voice is defined %}"),
        P("In {{ pupil.first_name }}’s own words:", "Lead"),
        P("“{{ placement.pupil_voice }}”", "Quote"),
        P("{% endif %}"),

        H1("6. Curriculum and qualifications"),
        TABLE([3.4, 13.6], [
            ["Subjects", "{{ placement.curriculum.subjects | list_and }}"],
            ["Qualifications", "{{ placement.curriculum.qualification_route | default('') }}"],
            ["Fit with school", "{{ placement.curriculum.fit_with_school | default('') }}"],
        ], kind="form", header=0),
        P("English and maths continue throughout the placement, at the provider or at school, so that "
          "{{ pupil.first_name }} keeps up with the qualifications {{ pupil.they }} {{ pupil.are }} working towards. The provider shares "
          "assessment and progress information with the school at least every half-term, and the school "
          "makes the examination entries."),

        H1("7. What success will look like"),
        P("These targets were agreed with {{ pupil.first_name }}, who will check progress against them at "
          "every review."),
        TABLE([3.4, 13.6], [
            ["Area", "By the end of the placement"],
            ["Attendance", "{{ placement.outcomes.attendance | default('') }}"],
            ["Attitude", "{{ placement.outcomes.attitude | default('') }}"],
            ["Attainment", "{{ placement.outcomes.attainment | default('') }}"],
            ["Behaviour", "{{ placement.outcomes.behaviour | default('') }}"],
        ], kind="grid", header=1),

        H1("8. Reviews and staff liaison"),
        P("We review the placement together {% if placement.reviews_within_limit %}at least every "
          "half-term (no more than {{ placement.review_limit_days }} days apart), {% endif %}on the dates "
          "below, with {{ pupil.first_name }}, {{ pupil.their }} parents or carers, the school and the provider. Anyone may ask for an earlier review, for "
          "example if attendance falls or there is a concern about {{ pupil.first_name }}’s welfare."),
        TABLE([2.6, 5.0, 9.4], [
            ["Review", "Date", "Focus"],
            FOR_ROW("{% for r in placement.reviews %}", 3),
            ["{{ loop.index }}", "{{ r | date }}", "{% if loop.last %}Final review: outcomes, next steps "
             "and return{% elif loop.first %}Settling in; targets confirmed{% else %}Progress against "
             "the targets; plan adjusted{% endif %}"],
            FOR_ROW("{% endfor %}", 3),
        ]),
        P("<b>Staff liaison:</b> {{ placement.staff_liaison | default('The placement leads at the school and the provider speak at least weekly.') }}"),

        H1("9. Who does what"),
        H2("{{ school.name }} will"),
        UL("keep {{ pupil.first_name }} on roll and {% if placement.basis == 'local-authority' %}keep its "
           "safeguarding duties for {{ pupil.them }}{% else %}remain responsible for {{ pupil.their }} safeguarding and welfare{% endif %} "
           "throughout the placement;",
           "record attendance for every session with code {{ placement.attendance_code }} and follow up any "
           "absence on the first day;",
           "give the provider, before the start, the information it needs to teach and keep "
           "{{ pupil.first_name }} safe;",
           "provide work and assessment in English, maths and other subjects so that the qualification "
           "route is kept, and make the examination entries;",
           "visit the placement{% if placement.reviews_within_limit %} at least every half-term{% endif %}, "
           "arrange the reviews{% if placement.basis != "
           "'local-authority' %}, and pay the agreed costs{% endif %};",
           "plan {{ pupil.first_name }}’s next steps and return with the family."),
        H2("{{ provider.name }} will"),
        UL("teach the agreed curriculum in the agreed sessions, and tell the school at once if a session "
           "cannot go ahead;",
           "take a register every session, send the school a daily confirmation of "
           "{{ pupil.first_name }}’s attendance for each session within {{ school.attendance_confirmation_minutes }} "
           "minutes of the register, morning and afternoon, and telephone the school immediately about any "
           "absence ({{ school.attendance_method }});",
           "tell the school before any change of site or any subcontracting of the provision;",
           "not allow {{ pupil.first_name }} to leave the site during a session unaccompanied, unless agreed in "
           "writing with the school;",
           "follow the school’s written expectations: " + cites("policy.child_protection") + "; "
           + cites("policy.online_safety") + "; " + cites("policy.attendance") + ";",
           "report any safeguarding concern to the school’s designated safeguarding lead, "
           "{{ school.dsl.name }} ({{ school.dsl.phone | default('') }}), immediately;",
           "share progress at least every half-term, contribute to each review, and keep its staff "
           "vetting checks up to date."),
        P("{% if placement.basis == 'local-authority' %}"),
        H2("{{ placement.la_arrangement.authority | default('The local authority') }} will"),
        UL("arrange and fund the education in this placement{% if placement.la_power_text %} under "
           "{{ placement.la_power_text }}{% endif %}, and remain responsible for it;",
           "take part in every review, and agree any change to the placement before it is made;",
           "follow up with the school any absence that cannot be resolved."),
        P("{% elif pupil.looked_after %}"),
        H2("{{ pupil.care.authority | default('The local authority') }} will"),
        UL("through the virtual school head and social worker, make sure the placement supports "
           "{{ pupil.first_name }}’s personal education plan;",
           "take part in every review, and be told the same day of any unexplained absence."),
        P("{% endif %}"),
        H2("Parents and carers will"),
        UL("support {{ pupil.first_name }} to attend every session on time;",
           "tell the provider and the school before the first session on any day "
           "{{ pupil.first_name }} cannot attend;",
           "take part in the reviews and keep the school informed of any change in contact details or "
           "circumstances."),
        H2("{{ pupil.first_name }} will"),
        UL("attend every session, on time and ready to learn;",
           "follow the provider’s rules and safety instructions;",
           "help set and review {{ pupil.their }} own targets, and say what is working and what is not;",
           "ask a key adult for help whenever {{ pupil.they }} {{ pupil.need }} it."),

        H1("10. Return and next steps"),
        P("{{ placement.reintegration | default('The plan for the end of the placement will be agreed at the first review.') }}"),
        P("Planning for the end of the placement starts at the first review, so that the right support "
          "is ready for {{ pupil.first_name }}’s return or next step."),

        H2("If the placement breaks down or ends early"),
        P("If the placement is not working, anyone may ask for an early review. If it has to end early, "
          "the school and the provider agree the notice together, except that the school may suspend or end "
          "the placement at once if there is a safeguarding concern. {{ pupil.first_name }} then returns to "
          "{{ school.name }}’s full timetable straight away, while the next step is planned; the school tells "
          "the family{% if placement.local_authority_party %} and the local authority{% endif %} the same day."),
        H2("Concerns and complaints"),
        P("A parent, carer or {{ pupil.first_name }} can raise a concern with the school’s placement lead at any "
          "time, and may use the school’s complaints procedure. A concern about the provider’s conduct is "
          "also raised with the provider under its complaints procedure; the school will help. A "
          "safeguarding concern always goes straight to the school’s designated safeguarding lead."),

        H1("11. Costs"),
        TABLE([3.4, 13.6], [
            ["Weekly cost", "{{ placement.costs.weekly | default('') | gbp }}"],
            ["Paid by", "{{ placement.costs.paid_by | default(school.name) }}"],
            ["Details", "{{ placement.costs.notes | default('') }}"],
        ], kind="form", header=0),

        H1("12. Sharing information"),
        P("The school and the provider share personal information about {{ pupil.first_name }} only as far as "
          "is needed to educate and keep {{ pupil.them }} safe, under UK GDPR and the Data Protection Act 2018: the school "
          "shares it to carry out its public task of educating and safeguarding its pupils (UK GDPR Article "
          "6(1)(e)), and special category information, such as health and special educational needs, for "
          "reasons of substantial public interest (Article 9(2)(g), with the Data Protection Act 2018, "
          "Schedule 1, paragraphs 6 and 18). Each of the school and the provider is responsible for the "
          "records it keeps, and keeps them for as long as the school’s privacy notice and retention "
          "schedule say. "
          "Information about special educational needs, health and welfare is shared only with staff who "
          "need it, kept securely, and not passed to anyone else without the school’s agreement, unless "
          "the law requires it or a child is at risk. Safeguarding information is shared between the "
          "designated safeguarding leads, as Keeping children safe in education and Working together to "
          "safeguard children (2023) expect. E-mails use the pupil reference {{ pupil.key }} rather than "
          "{{ pupil.first_name }}’s name, and go by secure e-mail. When the placement ends the provider returns "
          "or securely deletes what it holds, as agreed with the school. Parents, carers and "
          "{{ pupil.first_name }} may ask the school what information it holds."),

        H1("13. Signatures"),
        P("By signing, we agree to the arrangements in this agreement and to review them together. The "
          "agreement is final only when all {% if placement.local_authority_party %}five{% else %}four{% endif %} "
          "parties have signed."),
        TABLE([8.5, 8.5], [
            [sign_cell("school", "For the school: {{ school.name }}"),
             sign_cell("provider", "For the provider: {{ provider.name }}")],
            [sign_cell("parent_carer", "{% if pupil.looked_after %}Parent with parental responsibility"
                       "{% else %}Parent or carer{% endif %}"),
             sign_cell("pupil", "Pupil: {{ pupil.name }}")],
        ], kind="sign", header=0),
        P("{% if placement.local_authority_party %}"),
        TABLE([8.5, 8.5], [
            [sign_cell("local_authority", "For the local authority: {% if placement.basis == 'local-authority' %}"
                       "{{ placement.la_arrangement.authority | default('') }}{% else %}"
                       "{{ pupil.care.authority | default('') }} (virtual school head or social worker)"
                       "{% endif %}"),
             [P("", "SignBody")]],
        ], kind="sign", header=0),
        P("{% endif %}"),
    ],
)

# ----------------------------------------------------------------------------------------------
# 5. Commissioning checklist (per provider)
# ----------------------------------------------------------------------------------------------
CHECKLIST = dict(
    title="Commissioning checklist for an alternative provision provider",
    footer=["Commissioning checklist: {{ provider.name }} ({{ provider.id }}) · {{ school.name }}"
            "<tab/>Page <page/> of <pages/>"],
    body=letterhead() + [
        P("Commissioning checklist: {{ provider.name }}", "Title"),
        TABLE([3.0, 5.5, 3.0, 5.5], [
            ["Provider", "<b>{{ provider.name }}</b> ({{ provider.id }})", "Type",
             "{% if provider.kind == 'registered-school' %}Registered school{% elif provider.kind == "
             "'fe-college' %}Further education college{% else %}Non-school setting{% endif %}"],
            ["Registration", "{{ provider.registration.type | default('None') | capitalize }}"
             "{% if provider.registration.urn is defined %}, URN {{ provider.registration.urn }}{% endif %}",
             "Inspection", "{% if provider.ofsted is defined %}{{ provider.ofsted.report | default('Ofsted') }}"
             "{% if provider.ofsted.outcome is defined %}: {{ provider.ofsted.outcome }}{% endif %} "
             "({{ provider.ofsted.date | default('') | date('MMMM yyyy') }}){% else %}No inspection recorded{% endif %}"],
            ["Address", "{{ provider.address | join(', ') }}", "Contact",
             "{{ provider.phone | default('') }}<br/>{{ provider.email | default('') }}"],
            ["Provider DSL", "{{ provider.dsl.name }}, {{ provider.dsl.phone | default('') }}",
             "Attendance", "{{ provider.attendance_contact.name }}, {{ provider.attendance_contact.phone | default('') }}"],
            ["Sites", "{% for site in provider.sites %}{{ site.name | default(site.id) }}{% if provider.kind == "
             "'registered-school' %} ({% if site.covered_by_registration is defined and site.covered_by_registration "
             "%}covered by the registration{% else %}registration cover not checked{% endif %}){% endif %}"
             "{% if not loop.last %}; {% endif %}{% endfor %}", "Reference",
             "{{ letter.reference }}, {{ letter.date | date }}"],
        ], kind="form4", header=0),
        P("{% if approved %}"),
        P("<b>Approved for use.</b> Every check is satisfactory, the provider may lawfully be used, and "
          "its written confirmation of staff vetting checks has been received. Each placement is still "
          "matched to the pupil’s needs in its own placement agreement.", "NoticeGood"),
        P("{% else %}"),
        P("<b>Not approved.</b> The school must not commission a placement with {{ provider.name }} until "
          "the items marked below are resolved.", "NoticeBad"),
        P("{% endif %}"),

        H1("1. Registration"),
        P("{% if registration_test.law == 's92-2026' %}An institution must register as an independent "
          "educational institution (Education and Skills Act 2008, section 92, as substituted by the Children’s "
          "Wellbeing and Schools Act 2026, section 43) if it provides full-time education for five or more "
          "children of compulsory school age, or for one such child who is looked after or has special "
          "educational needs.{% else %}A setting must register as an independent school (Education Act 1996, "
          "section 463) if it provides full-time education for five or more pupils of compulsory school age, "
          "or for one such pupil who has an EHC plan or is looked after.{% endif %} Whether a pupil’s education "
          "there is full time is judged on the pupil’s whole week; the DfE treats more than 18 hours a week as "
          "generally full time, an indication rather than law. Running an unregistered independent school is "
          "an offence (Education and Skills Act 2008, section 96). The school never uses provision that should "
          "be registered and is not."),
        TABLE([3.4, 13.6], [
            ["Registration test", "{% if registration_test.required %}Registration is required: "
             "{{ registration_test.reason }}.{% else %}Registration as a school is not required: "
             "{{ registration_test.reason }}.{% endif %}"],
            ["Registered", "{{ registration_test.registered | yesno }}{% if provider.registration.urn is "
             "defined %} (URN {{ provider.registration.urn }}){% endif %}"],
            ["Result", "{% if registration_test.required and not registration_test.registered %}<b>FAIL: "
             "do not place any pupil.</b> The provider appears to be operating as an unregistered independent "
             "school, with pupils already there. The school reports it to the DfE/Ofsted unregistered schools "
             "route, tells the local authority and the home local authorities of the pupils known to attend, "
             "treats it as a safeguarding concern (the designated safeguarding lead records the decision), and "
             "tells the provider in writing.{% else %}<b>Pass.</b>{% endif %}"],
        ], kind="form", header=0),

        H1("2. Checks of the provider’s policies and procedures"),
        P("Each item of the commissioning checklist, with what the school saw and when. A check more than "
          "12 months old is marked <b>review due</b>.", "Small"),
        TABLE([0.8, 4.7, 2.4, 6.6, 2.5], [
            ["", "Check", "Result", "Evidence", "Date"],
            FOR_ROW("{% for c in checks %}", 5),
            ["{{ loop.index }}", "{{ c.title }}",
             [P("<box {{ c.result == 'satisfactory' }}/> Satisfactory", "TableSmall"),
              P("<box {{ c.result == 'concerns' }}/> Concerns", "TableSmall"),
              P("<box {{ c.result == 'not-seen' }}/> Not seen", "TableSmall")],
             "{{ c.evidence | default('') }}",
             "{{ c.date | default('') | date('d MMM yyyy') }}{% if c.stale and c.result != 'not-seen' %} "
             "<b>Review due</b>{% endif %}"],
            FOR_ROW("{% endfor %}", 5),
        ], kind="grid-small", header=1),

        H1("3. Letters issued to the provider"),
        P("The school gives each provider its expectations in writing. Each letter cites the policy version "
          "it was written under; a new version of a policy means the letter is sent again."),
        P("{% if letters | length > 0 %}"),
        TABLE([6.2, 5.4, 2.4, 3.0], [
            ["Letter", "Policy cited", "Version", "Issued"],
            FOR_ROW("{% for l in letters %}", 4),
            ["{{ l.title }}", "{{ l.policy_title }}", "{{ l.policy_version }}{% if l.superseded %} (superseded by {{ l.current_version }}){% endif %}", "{{ l.date | date('d MMM yyyy') }}"],
            FOR_ROW("{% endfor %}", 4),
        ]),
        P("{% else %}"),
        P("<b>No letters have been issued to this provider yet.</b>"),
        P("{% endif %}"),
        P("Current versions: {% for p in school.policies %}{{ p.title }} {{ p.version }}{% if not loop.last %}"
          "; {% endif %}{% endfor %}.", "Small"),

        H1("4. Written confirmation of staff vetting checks"),
        P("{% if vetting_confirmation %}Received on <b>{{ vetting_confirmation.date | date }}</b> from "
          "{{ vetting_confirmation.confirmed_by }}: the provider has confirmed in writing that it has "
          "carried out the checks on its staff that Keeping children safe in education (Part 3) requires."
          "{% else %}<b>Not received.</b> The provider has not yet confirmed its staff vetting checks in "
          "writing (Keeping children safe in education, Part 3). The checklist cannot be approved, and no "
          "placement agreement with the provider can be final, until it does.{% endif %}"),

        H1("5. Links with other services"),
        TABLE([4.4, 12.6], [
            ["Children’s social care", "{{ provider.agency_links.social_care | default('Not recorded') }}"],
            ["Mental health (CAMHS)", "{{ provider.agency_links.mental_health | default('Not recorded') }}"],
            ["Youth offending (YOT)", "{{ provider.agency_links.youth_offending | default('Not recorded') }}"],
            ["Drug and alcohol support", "{{ provider.agency_links.drug_support | default('Not recorded') }}"],
        ], kind="form", header=0),

        H1("6. Costs and value for money"),
        TABLE([4.4, 12.6], [
            ["Daily rate", "{{ provider.costs.daily_rate | default('') | gbp }}"],
            ["What it includes", "{{ provider.costs.notes | default('Not recorded') }}"],
        ], kind="form", header=0),
        P("The school compares the provider’s costs, and the outcomes it achieves, with what the pupil "
          "needs and with other provision, and records its judgement in check 14 above."),

        H1("7. Annual performance report"),
        P("{% if provider.annual_report is defined %}Received on <b>{{ provider.annual_report.date | date }}</b>. "
          "{{ provider.annual_report.summary | default('') }}{% else %}<b>Not received.</b> Ask the provider to "
          "complete an annual performance report documenting the service offered and the outcomes "
          "achieved.{% endif %}"),

        H1("8. Decision"),
        TABLE([4.4, 12.6], [
            ["Approved for use", "<b>{{ approved | yesno }}</b>"],
            ["Completed by", "{% if school.ap_coordinator is defined %}{{ school.ap_coordinator.name }}, "
             "{{ school.ap_coordinator.role }}{% endif %}"],
            ["Date", "{{ letter.date | date }}"],
        ], kind="form", header=0),
        P("{% if not approved %}"),
        P("Before the provider can be approved:", "Lead"),
        UL("{% if registration_test.required and not registration_test.registered %}",
           "the provider must be registered, and the concern reported as section 1 says;",
           "{% endif %}",
           "{% if not vetting_confirmation %}",
           "written confirmation of the provider’s staff vetting checks must be received;",
           "{% endif %}",
           "every item in section 2 must be satisfactory."),
        P("{% endif %}"),
        P("The checklist is reviewed at least every 12 months, and whenever the provider’s circumstances "
          "change or a concern is raised."),
        P("Commissioning decision, signed (headteacher or commissioning senior leader): <tab/>", "SignLineWide"),
        P("Date: <tab/>", "SignLineWide"),
        P("Safeguarding sections (1, 2 and 4), signed (designated safeguarding lead): <tab/>", "SignLineWide"),
        P("Date: <tab/>", "SignLineWide"),
    ],
)

DOCS = {
    "online-safety-letter": ONLINE_SAFETY,
    "child-protection-letter": CHILD_PROTECTION,
    "attendance-letter": ATTENDANCE,
    "placement-agreement": AGREEMENT,
    "commissioning-checklist": CHECKLIST,
}

# ----------------------------------------------------------------------------------------------
# Flat ODT writer
# ----------------------------------------------------------------------------------------------
TOKEN = re.compile(r"<(/?)(b|i|u)>|<(br|tab|page|pages)/>|([^<]+)|<box (\{\{.*?\}\})/>")
FMT_PROPS = {
    "b": 'fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"',
    "i": 'fo:font-style="italic" style:font-style-asian="italic" style:font-style-complex="italic"',
    "u": 'style:text-underline-style="solid" style:text-underline-width="auto" style:text-underline-color="font-color"',
}


class Writer:
    def __init__(self):
        self.spans = {}
        self.tables = 0
        self.auto = []      # automatic styles for tables, columns, cells
        self.controls = []  # form:checkbox elements of office:forms

    def span(self, flags):
        if flags not in self.spans:
            self.spans[flags] = "T%d" % (len(self.spans) + 1)
        return self.spans[flags]

    def inline(self, text):
        out, fmt, pos = [], set(), 0
        while pos < len(text):
            m = TOKEN.match(text, pos)
            if not m:
                raise ValueError("bad markup at %r" % text[pos:])
            pos = m.end()
            close, tag, empty, plain, box = m.groups()
            if box is not None:
                n = len(self.controls) + 1
                self.controls.append(
                    '<form:checkbox form:name="%s" form:control-implementation="ooo:com.sun.star.form.component.CheckBox" '
                    'xml:id="check%d" form:id="check%d" form:current-state="unchecked" form:image-position="center"/>'
                    % (escape(box, {'"': "&quot;"}), n, n))
                out.append('<draw:control text:anchor-type="as-char" svg:width="0.32cm" svg:height="0.32cm" '
                           'draw:control="check%d"/>' % n)
            elif plain is not None:
                body = re.sub(r"  +", lambda s: " " + '<text:s text:c="%d"/>' % (len(s.group()) - 1), escape(plain))
                if fmt:
                    out.append('<text:span text:style-name="%s">%s</text:span>' % (self.span(frozenset(fmt)), body))
                else:
                    out.append(body)
            elif tag:
                (fmt.discard if close else fmt.add)(tag)
            elif empty == "br":
                out.append("<text:line-break/>")
            elif empty == "tab":
                out.append("<text:tab/>")
            elif empty == "page":
                out.append('<text:page-number text:select-page="current">1</text:page-number>')
            elif empty == "pages":
                out.append("<text:page-count>1</text:page-count>")
        return "".join(out)

    def block(self, b, cell_style=None):
        kind = b[0]
        if kind == "p":
            style = b[1]
            if cell_style and style == "Body":
                style = cell_style
            return '<text:p text:style-name="%s">%s</text:p>' % (PARA_STYLE_NAMES[style], self.inline(b[2]))
        if kind == "h":
            return ('<text:h text:style-name="Heading_20_%d" text:outline-level="%d">%s</text:h>'
                    % (b[1], b[1], self.inline(b[2])))
        if kind == "ul":
            items = "".join('<text:list-item><text:p text:style-name="List_20_Bullet">%s</text:p></text:list-item>'
                            % self.inline(t) for t in b[1])
            return '<text:list text:style-name="LBullet">%s</text:list>' % items
        if kind == "table":
            return self.table(*b[1:])
        raise ValueError(kind)

    def table(self, widths, rows, kind, header):
        self.tables += 1
        n = self.tables
        name = "Tab%d" % n
        total = sum(widths)
        extra = ""
        if kind == "slip":
            extra = ' fo:margin-top="0.5cm" style:may-break-between-rows="false"'
        elif kind == "inner":
            extra = ' fo:margin-top="0.1cm" fo:margin-bottom="0.15cm"'
        elif kind in ("plain",):
            extra = ' fo:margin-bottom="0.1cm"'
        else:
            extra = ' fo:margin-top="0.1cm" fo:margin-bottom="0.25cm"'
        self.auto.append('<style:style style:name="%s" style:family="table"><style:table-properties '
                         'style:width="%.2fcm" table:align="left"%s/></style:style>' % (name, total, extra))
        cols = []
        for i, w in enumerate(widths):
            cname = "%s.C%d" % (name, i + 1)
            self.auto.append('<style:style style:name="%s" style:family="table-column"><style:table-column-properties '
                             'style:column-width="%.2fcm"/></style:style>' % (cname, w))
            cols.append('<table:table-column table:style-name="%s"/>' % cname)

        def cell(content, r, c):
            is_head = r < header
            if kind in ("grid", "grid-small", "inner"):
                cs = "CellHead" if is_head else "CellGrid"
                ps = "TableHeading" if is_head else ("TableSmall" if kind == "grid-small" else "TableContents")
                if kind == "inner" and c > 0 and not is_head:
                    ps = "TableCentre"
            elif kind == "form":
                cs = "CellLabel" if c == 0 else "CellGrid"
                ps = "TableLabel" if c == 0 else "TableContents"
            elif kind == "form4":
                cs = "CellLabel" if c % 2 == 0 else "CellGrid"
                ps = "TableLabel" if c % 2 == 0 else "TableContents"
            elif kind == "sign":
                cs, ps = "CellSign", "SignBody"
            elif kind == "slip":
                cs, ps = "CellSlip", "SlipBody"
            else:
                cs, ps = "CellPlain", "Body"
            if isinstance(content, str):
                inner = '<text:p text:style-name="%s">%s</text:p>' % (PARA_STYLE_NAMES[ps], self.inline(content))
            else:
                inner = "".join(self.block(b, cell_style=ps) for b in content)
            return ('<table:table-cell table:style-name="%s" office:value-type="string">%s</table:table-cell>'
                    % (cs, inner))

        row_style = ' table:style-name="RowKeep"'
        head = "".join('<table:table-row%s>%s</table:table-row>'
                       % (row_style, "".join(cell(c, r, i) for i, c in enumerate(row)))
                       for r, row in enumerate(rows[:header]))
        body = "".join('<table:table-row%s>%s</table:table-row>'
                       % (row_style, "".join(cell(c, r + header, i) for i, c in enumerate(row)))
                       for r, row in enumerate(rows[header:]))
        head = "<table:table-header-rows>%s</table:table-header-rows>" % head if head else ""
        return '<table:table table:name="%s" table:style-name="%s">%s%s%s</table:table>' % (
            name, name, "".join(cols), head, body)

    def render(self, doc):
        body = "\n".join(self.block(b) for b in doc["body"])
        footer = "".join('<text:p text:style-name="Footer">%s</text:p>' % self.inline(t) for t in doc["footer"])
        spans = "".join('<style:style style:name="%s" style:family="text"><style:text-properties %s/></style:style>'
                        % (name, " ".join(FMT_PROPS[f] for f in sorted(flags)))
                        for flags, name in sorted(self.spans.items(), key=lambda kv: int(kv[1][1:])))
        forms = ""
        if self.controls:
            forms = ('<office:forms form:automatic-focus="false" form:apply-design-mode="false"><form:form form:name="Checks" '
                     'form:apply-filter="true" form:command-type="table" form:control-implementation="ooo:com.sun.star.form.component.Form">'
                     '%s</form:form></office:forms>\n' % "".join(self.controls))
        text = FODT.format(title=escape(doc["title"]), styles=STYLES, autos="\n".join(self.auto) + spans,
                           footer=footer, body=forms + body)
        if self.controls:
            # LibreOffice drops form controls whose `ooo:` implementation prefix is not declared.
            text = text.replace(' office:version="1.3"', ' xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
                                'xmlns:form="urn:oasis:names:tc:opendocument:xmlns:form:1.0" '
                                'xmlns:ooo="http://openoffice.org/2004/office" office:version="1.3"', 1)
        return text


PARA_STYLE_NAMES = {
    "Body": "Text_20_body", "Address": "Address", "Right": "AddressRight", "Salutation": "Salutation",
    "Subject": "Subject", "Closing": "Closing", "SignName": "SignName", "Small": "Small", "Lead": "Lead",
    "Title": "Title", "SchoolName": "SchoolName", "Letterhead": "Letterhead", "LetterheadLeft": "LetterheadLeft",
    "Rule": "Rule", "TableContents": "Table_20_Contents", "TableSmall": "TableSmall",
    "TableHeading": "Table_20_Heading", "TableLabel": "TableLabel", "TableCentre": "TableCentre",
    "Quote": "Quotations", "Intro": "Intro", "SignHead": "SignHead", "SignBody": "SignBody",
    "SignLine": "SignLine", "SignLineSlip": "SignLineSlip", "SignLineWide": "SignLineWide",
    "CutLine": "CutLine", "SlipTitle": "SlipTitle", "SlipBody": "SlipBody",
    "NoticeGood": "NoticeGood", "NoticeBad": "NoticeBad",
}


def pstyle(name, display=None, parent="Standard", para="", text="", cls="text", nxt=None):
    disp = ' style:display-name="%s"' % display if display else ""
    n = ' style:next-style-name="%s"' % nxt if nxt else ""
    pp = "<style:paragraph-properties %s/>" % para if para else ""
    tp = "<style:text-properties %s/>" % text if text else ""
    return ('<style:style style:name="%s"%s style:family="paragraph" style:parent-style-name="%s"%s '
            'style:class="%s">%s%s</style:style>' % (name, disp, parent, n, cls, pp, tp))


BOLD = 'fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"'
ITALIC = 'fo:font-style="italic" style:font-style-asian="italic" style:font-style-complex="italic"'
STYLES = "\n".join([
    pstyle("Text_20_body", "Text body", para='fo:margin-top="0cm" fo:margin-bottom="0.2cm" fo:line-height="118%"'),
    pstyle("Intro", "Intro", para='fo:margin-top="0.1cm" fo:margin-bottom="0.25cm" fo:line-height="118%"',
           text=ITALIC + ' fo:color="%s"' % GREY),
    pstyle("Address", "Address", para='fo:margin-top="0cm" fo:margin-bottom="0cm"'),
    pstyle("AddressRight", "Address right", para='fo:margin-top="0cm" fo:margin-bottom="0cm" fo:text-align="end"'),
    pstyle("Salutation", "Salutation", para='fo:margin-top="0.5cm" fo:margin-bottom="0.25cm"'),
    pstyle("Subject", "Subject", para='fo:margin-top="0cm" fo:margin-bottom="0.25cm" fo:keep-with-next="always"',
           text=BOLD + ' fo:font-size="11.5pt" fo:color="%s"' % NAVY),
    pstyle("Closing", "Closing", para='fo:margin-top="0.3cm" fo:margin-bottom="1.1cm" fo:keep-with-next="always"'),
    pstyle("SignName", "Signatory", para='fo:margin-top="0cm" fo:margin-bottom="0cm" fo:keep-with-next="always"',
           text=BOLD),
    pstyle("Small", "Small print", para='fo:margin-top="0.05cm" fo:margin-bottom="0.1cm"',
           text='fo:font-size="8.5pt" fo:color="%s"' % GREY),
    pstyle("Lead", "Lead-in", para='fo:margin-top="0.2cm" fo:margin-bottom="0.1cm" fo:keep-with-next="always"',
           text=BOLD),
    pstyle("Title", "Title", para='fo:margin-top="0.3cm" fo:margin-bottom="0.25cm"', cls="chapter",
           text=BOLD + ' fo:font-size="16pt" fo:color="%s"' % NAVY),
    pstyle("SchoolName", "School name", para='fo:margin-top="0cm" fo:margin-bottom="0.05cm"',
           text=BOLD + ' fo:font-size="21pt" fo:color="%s"' % NAVY),
    pstyle("LetterheadLeft", "Letterhead left", para='fo:margin-top="0cm" fo:margin-bottom="0cm"',
           text='fo:font-size="9pt" fo:color="%s"' % GREY),
    pstyle("Letterhead", "Letterhead", para='fo:margin-top="0cm" fo:margin-bottom="0cm" fo:text-align="end"',
           text='fo:font-size="8.5pt" fo:color="%s"' % GREY),
    pstyle("Rule", "Letterhead rule", para='fo:margin-top="0cm" fo:margin-bottom="0.35cm" fo:padding="0cm" '
           'fo:border-bottom="1.5pt solid %s" fo:border-top="none" fo:border-left="none" fo:border-right="none"' % GOLD,
           text='fo:font-size="2pt"'),
    pstyle("Heading", "Heading", para='fo:margin-top="0.45cm" fo:margin-bottom="0.15cm" fo:keep-with-next="always"',
           text=BOLD + ' fo:color="%s"' % NAVY),
    pstyle("Heading_20_1", "Heading 1", parent="Heading", nxt="Text_20_body",
           text='fo:font-size="12pt"'),
    pstyle("Heading_20_2", "Heading 2", parent="Heading", nxt="Text_20_body",
           para='fo:margin-top="0.25cm" fo:margin-bottom="0.1cm"', text='fo:font-size="10.5pt"'),
    pstyle("List_20_Bullet", "List Bullet", parent="Text_20_body", cls="list",
           para='fo:margin-top="0cm" fo:margin-bottom="0.12cm"'),
    pstyle("Table_20_Contents", "Table Contents", cls="extra", para='fo:margin-top="0cm" fo:margin-bottom="0cm"',
           text='fo:font-size="9.5pt"'),
    pstyle("TableSmall", "Table small", parent="Table_20_Contents", cls="extra", text='fo:font-size="8.5pt"'),
    pstyle("TableCentre", "Table centre", parent="Table_20_Contents", cls="extra", para='fo:text-align="center"',
           text='fo:font-size="12pt"'),
    pstyle("Table_20_Heading", "Table Heading", parent="Table_20_Contents", cls="extra",
           text=BOLD + ' fo:color="#ffffff"'),
    pstyle("TableLabel", "Table label", parent="Table_20_Contents", cls="extra", text=BOLD + ' fo:color="%s"' % NAVY),
    pstyle("Quotations", "Quotations", para='fo:margin-left="0.8cm" fo:margin-right="0.8cm" fo:margin-top="0.05cm" '
           'fo:margin-bottom="0.3cm" fo:padding-left="0.25cm" fo:border-left="2.5pt solid %s" '
           'fo:border-right="none" fo:border-top="none" fo:border-bottom="none"' % GOLD,
           text=ITALIC + ' fo:font-size="11pt"'),
    pstyle("SignHead", "Signature heading", para='fo:margin-top="0cm" fo:margin-bottom="0.15cm"',
           text=BOLD + ' fo:color="%s"' % NAVY),
    pstyle("SignBody", "Signature text", para='fo:margin-top="0cm" fo:margin-bottom="0.08cm"'),
    pstyle("SignLine", "Signature line", para='fo:margin-top="0.45cm" fo:margin-bottom="0cm"',
           text='fo:font-size="9.5pt"'),
    pstyle("SignLineSlip", "Slip signature line", para='fo:margin-top="0.4cm" fo:margin-bottom="0cm"',
           text='fo:font-size="9.5pt"'),
    pstyle("SignLineWide", "Sign-off line", para='fo:margin-top="0.6cm" fo:margin-bottom="0cm"'),
    pstyle("CutLine", "Cut line", para='fo:margin-top="0cm" fo:margin-bottom="0.2cm"',
           text=ITALIC + ' fo:font-size="8.5pt" fo:color="%s"' % GREY),
    pstyle("SlipTitle", "Slip title", para='fo:margin-top="0cm" fo:margin-bottom="0.15cm"',
           text=BOLD + ' fo:font-size="11.5pt" fo:color="%s"' % NAVY),
    pstyle("SlipBody", "Slip text", para='fo:margin-top="0cm" fo:margin-bottom="0.1cm"', text='fo:font-size="9.5pt"'),
    pstyle("NoticeGood", "Notice: approved", para='fo:margin-top="0.1cm" fo:margin-bottom="0.25cm" fo:padding="0.15cm" '
           'fo:background-color="#e6f2e6" fo:border="0.5pt solid #4c8c4c"'),
    pstyle("NoticeBad", "Notice: not approved", para='fo:margin-top="0.1cm" fo:margin-bottom="0.25cm" fo:padding="0.15cm" '
           'fo:background-color="#fbe9e7" fo:border="0.5pt solid #b3261e"'),
])

# Right-aligned dotted-leader tab stops for the signature lines.
for name, pos in (("SignLine", 7.9), ("SignLineSlip", 15.8), ("SignLineWide", 16.9)):
    STYLES = STYLES.replace(
        '<style:style style:name="%s"' % name, '<style:style style:name="%s"' % name, 1)
    STYLES = re.sub(
        r'(<style:style style:name="%s"[^>]*>)<style:paragraph-properties ([^/]*)/>' % name,
        lambda m: '%s<style:paragraph-properties %s><style:tab-stops><style:tab-stop style:position="%.2fcm" '
                  'style:type="right" style:leader-style="dotted" style:leader-text="."/></style:tab-stops>'
                  '</style:paragraph-properties>' % (m.group(1), m.group(2), pos),
        STYLES, count=1)

FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta>
 <dc:title>{title}</dc:title>
 <dc:language>en-GB</dc:language>
</office:meta>
<office:font-face-decls>
 <style:font-face style:name="Liberation Sans" svg:font-family="'Liberation Sans'" style:font-family-generic="swiss" style:font-pitch="variable"/>
 <style:font-face style:name="DejaVu Sans" svg:font-family="'DejaVu Sans'" style:font-family-generic="swiss" style:font-pitch="variable"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0cm" fo:orphans="2" fo:widows="2" style:tab-stop-distance="1.25cm"/>
  <style:text-properties style:font-name="Liberation Sans" fo:font-size="10pt" fo:language="en" fo:country="GB" style:font-name-asian="DejaVu Sans" style:font-name-complex="DejaVu Sans" fo:color="#1a1a1a"/>
 </style:default-style>
 <style:default-style style:family="table">
  <style:table-properties table:border-model="collapsing"/>
 </style:default-style>
 <style:style style:name="Standard" style:family="paragraph" style:class="text"/>
 {styles}
 <style:style style:name="Header" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
  <style:text-properties fo:font-size="8pt" fo:color="{grey}"/>
 </style:style>
 <style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
  <style:paragraph-properties fo:padding-top="0.12cm" fo:border-top="0.5pt solid {rule}" fo:border-bottom="none" fo:border-left="none" fo:border-right="none">
   <style:tab-stops><style:tab-stop style:position="17cm" style:type="right"/></style:tab-stops>
  </style:paragraph-properties>
  <style:text-properties fo:font-size="7.5pt" fo:color="{grey}"/>
 </style:style>
 <text:list-style style:name="LBullet" style:display-name="Bullets">
  <text:list-level-style-bullet text:level="1" text:bullet-char="•">
   <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
    <style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.6cm" fo:text-indent="-0.45cm" fo:margin-left="0.6cm"/>
   </style:list-level-properties>
   <style:text-properties fo:color="{gold}"/>
  </text:list-level-style-bullet>
 </text:list-style>
</office:styles>
<office:automatic-styles>
 <style:style style:name="RowKeep" style:family="table-row"><style:table-row-properties fo:keep-together="always"/></style:style>
 <style:style style:name="CellGrid" style:family="table-cell"><style:table-cell-properties fo:padding-top="0.08cm" fo:padding-bottom="0.08cm" fo:padding-left="0.12cm" fo:padding-right="0.12cm" fo:border="0.5pt solid {rule}"/></style:style>
 <style:style style:name="CellHead" style:family="table-cell"><style:table-cell-properties fo:background-color="{navy}" fo:padding-top="0.08cm" fo:padding-bottom="0.08cm" fo:padding-left="0.12cm" fo:padding-right="0.12cm" fo:border="0.5pt solid {navy}"/></style:style>
 <style:style style:name="CellLabel" style:family="table-cell"><style:table-cell-properties fo:background-color="{shade}" fo:padding-top="0.08cm" fo:padding-bottom="0.08cm" fo:padding-left="0.12cm" fo:padding-right="0.12cm" fo:border="0.5pt solid {rule}"/></style:style>
 <style:style style:name="CellPlain" style:family="table-cell"><style:table-cell-properties fo:padding="0cm" fo:border="none"/></style:style>
 <style:style style:name="CellSign" style:family="table-cell"><style:table-cell-properties fo:padding="0.2cm" fo:border="0.5pt solid {rule}"/></style:style>
 <style:style style:name="CellSlip" style:family="table-cell"><style:table-cell-properties fo:padding-top="0.25cm" fo:padding-bottom="0.1cm" fo:padding-left="0cm" fo:padding-right="0cm" fo:border-top="1pt dashed #000000" fo:border-bottom="none" fo:border-left="none" fo:border-right="none"/></style:style>
 {autos}
 <style:page-layout style:name="pm1">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait" fo:margin-top="1.3cm" fo:margin-bottom="1.0cm" fo:margin-left="2cm" fo:margin-right="2cm"/>
  <style:header-style/>
  <style:footer-style><style:header-footer-properties fo:min-height="0cm" fo:margin-top="0.4cm"/></style:footer-style>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="pm1">
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
FODT = FODT.replace("{grey}", GREY).replace("{rule}", RULE).replace("{gold}", GOLD).replace(
    "{navy}", NAVY).replace("{shade}", SHADE)


# ----------------------------------------------------------------------------------------------
# DOCX check boxes
# ----------------------------------------------------------------------------------------------
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
CONTROL_RUN = re.compile(r'<w:r>((?:(?!</w:r>).)*?)<w:object>(?:(?!</w:object>).)*?<w:control r:id="([^"]+)" '
                         r'w:name="([^"]*)"[^>]*/></w:object></w:r>', re.S)


def docx_checkboxes(path):
    """LibreOffice 7.4 exports ODF form check boxes to DOCX as ActiveX controls (binary state in
    word/activeX/*.bin) and cannot write a check-box content control with a tag. Replace each
    ActiveX control named by a tag with a check-box content control (w14:checkbox, ☐/☒ in MS Gothic
    as Word writes them) whose w:tag is that name, and drop the ActiveX parts."""
    import zipfile
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        data = {i.filename: z.read(i.filename) for i in infos}
    doc = data["word/document.xml"].decode("utf-8")
    dropped = []

    def sdt(m):
        props, rid, name = m.group(1), m.group(2), m.group(3)
        if "{{" not in name:
            return m.group(0)
        dropped.append(rid)
        rpr = re.search(r"<w:rPr>(.*?)</w:rPr>", props, re.S)
        rpr = re.sub(r"<w:rFonts[^>]*/>", "", rpr.group(1) if rpr else "")
        fonts = '<w:rFonts w:ascii="MS Gothic" w:eastAsia="MS Gothic" w:hAnsi="MS Gothic" w:hint="eastAsia"/>'
        return ('<w:sdt><w:sdtPr><w:rPr>%s%s</w:rPr><w:tag w:val="%s"/><w14:checkbox><w14:checked w14:val="0"/>'
                '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/><w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/>'
                '</w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:rPr>%s%s</w:rPr><w:t>\u2610</w:t></w:r></w:sdtContent></w:sdt>'
                % (fonts, rpr, name, fonts, rpr))
    doc = CONTROL_RUN.sub(sdt, doc)
    if not dropped:
        return 0
    assert 'xmlns:w14="%s"' % W14 in doc[:3000] and "w14" in re.search(r'mc:Ignorable="([^"]*)"', doc).group(1), \
        "document.xml must declare w14 as ignorable"
    data["word/document.xml"] = doc.encode("utf-8")
    rels = data["word/_rels/document.xml.rels"].decode("utf-8")
    targets = []
    for rid in dropped:
        m = re.search(r'<Relationship Id="%s"[^>]*Target="([^"]+)"[^>]*/>' % rid, rels)
        targets.append("word/" + m.group(1))
        rels = rels.replace(m.group(0), "")
    data["word/_rels/document.xml.rels"] = rels.encode("utf-8")
    still_used = re.findall(r'Target="(activeX/[^"]+)"', rels)
    gone = set()
    for target in targets:
        if target[len("word/"):] in still_used:
            continue
        gone.add(target)
        rel_part = "word/activeX/_rels/" + target.rsplit("/", 1)[1] + ".rels"
        if rel_part in data:
            bins = re.findall(r'Target="([^"]+)"', data[rel_part].decode("utf-8"))
            gone.add(rel_part)
            gone.update("word/activeX/" + b for b in bins)
    types = data["[Content_Types].xml"].decode("utf-8")
    for part in gone:
        types = re.sub(r'<Override PartName="/%s"[^>]*/>' % re.escape(part), "", types)
    data["[Content_Types].xml"] = types.encode("utf-8")
    # Other ActiveX parts whose controls were replaced (LibreOffice names the .rels after the part).
    with zipfile.ZipFile(path + ".tmp", "w") as z:
        for info in infos:
            if info.filename in gone:
                continue
            z.writestr(info, data[info.filename], compress_type=info.compress_type)
    os.replace(path + ".tmp", path)
    return len(dropped)


def odt_checkboxes(path):
    """LibreOffice 7.4 writes form:input-required on form:checkbox (and list boxes, text and date
    fields) even in strict ODF 1.3, where the schema does not allow it there; remove it (mimetype
    stays first and stored)."""
    import zipfile
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        data = {i.filename: z.read(i.filename) for i in infos}
    content = data["content.xml"].decode("utf-8")
    count = len(re.findall(r"<form:checkbox ", content))
    # (and on list boxes, text and date fields: fixtures of Tests/Fixtures/forms)
    data["content.xml"] = re.sub(r'(<form:(?:checkbox|listbox|text|date) [^>]*?) form:input-required="[^"]*"', r"\1",
                                 content).encode("utf-8")
    with zipfile.ZipFile(path + ".tmp", "w") as z:
        for info in infos:
            z.writestr(info, data[info.filename], compress_type=info.compress_type)
    os.replace(path + ".tmp", path)
    return count


def main():
    if sys.argv[1:2] == ["--form-checkboxes"]:
        for path in sys.argv[2:]:
            count = docx_checkboxes(path) if path.endswith(".docx") else odt_checkboxes(path)
            print("%s: %d check boxes" % (os.path.basename(path), count))
        return
    names = sys.argv[1:] or list(DOCS)
    for name in names:
        with open(os.path.join(HERE, name + ".fodt"), "w", encoding="utf-8") as f:
            f.write(Writer().render(DOCS[name]))
        print("wrote templates/src/%s.fodt" % name)


if __name__ == "__main__":
    main()
