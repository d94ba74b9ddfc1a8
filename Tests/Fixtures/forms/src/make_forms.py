#!/usr/bin/env python3
"""Sources of the form-filling fixtures (stdlib only): forms as others write them.

    src/placement-form.fodt      LibreOffice form controls (office:forms: check boxes, list box,
                                 text, date) and fields (text:text-input, text:drop-down);
                                 LibreOffice makes ../placement-form.odt (strict ODF 1.3)
    src/placement-form-cc.fodt   LibreOffice 7.4 content controls (check box, drop-down, date, rich
                                 text) and a drop-down field; LibreOffice makes ../placement-form.lo.docx
                                 (7.4 writes no w:tag/w:alias for content controls: the fields are
                                 named by their ids, checkbox-1 ...)
    ../placement-form.word.docx  hand-made WordprocessingML as Word writes a protected form: content
                                 controls with tags and titles, placeholders, MS Gothic check boxes,
                                 legacy FORMCHECKBOX/FORMTEXT fields, documentProtection w:edit="forms"
"""
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:form="urn:oasis:names:tc:opendocument:xmlns:form:1.0" '
      'xmlns:ooo="http://openoffice.org/2004/office" '
      'xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/" '
      'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
      'office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text"')

HEAD = '''<?xml version="1.0" encoding="UTF-8"?>
<office:document %s>
<office:meta><dc:title>Placement consent form</dc:title><dc:language>en-GB</dc:language></office:meta>
<office:styles>
 <style:default-style style:family="paragraph"><style:text-properties style:font-name="Liberation Sans" fo:font-size="11pt" fo:language="en" fo:country="GB"/></style:default-style>
 <style:style style:name="Standard" style:family="paragraph" style:class="text"/>
 <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties fo:font-size="16pt" fo:font-weight="bold"/></style:style>
</office:styles>
<office:automatic-styles>
 <style:style style:name="Grid" style:family="table-cell"><style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #000000"/></style:style>
 <style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm"/></style:page-layout>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/></office:master-styles>
<office:body><office:text>
''' % NS
TAIL = '\n</office:text></office:body></office:document>\n'


def row(label, content):
    return ('<table:table-row><table:table-cell table:style-name="Grid" office:value-type="string"><text:p>%s</text:p>'
            '</table:table-cell><table:table-cell table:style-name="Grid" office:value-type="string"><text:p>%s</text:p>'
            '</table:table-cell></table:table-row>' % (label, content))


def table(rows):
    return ('<table:table table:name="Details"><table:table-column table:number-columns-repeated="2"/>%s</table:table>'
            % "".join(rows))


def control(n, width="0.4cm"):
    return ('<draw:control text:anchor-type="as-char" svg:width="%s" svg:height="0.4cm" draw:control="control%d"/>'
            % (width, n))


FORM_CONTROLS = '''<office:forms form:automatic-focus="false" form:apply-design-mode="false">
 <form:form form:name="Consent" form:apply-filter="true" form:command-type="table" form:control-implementation="ooo:com.sun.star.form.component.Form">
  <form:checkbox form:name="consent_trips" form:title="Consent to trips" form:control-implementation="ooo:com.sun.star.form.component.CheckBox" xml:id="control1" form:id="control1" form:current-state="unchecked" form:image-position="center"/>
  <form:checkbox form:name="consent_photos" form:control-implementation="ooo:com.sun.star.form.component.CheckBox" xml:id="control2" form:id="control2" form:current-state="checked" form:image-position="center"/>
  <form:listbox form:name="year_group" form:control-implementation="ooo:com.sun.star.form.component.ListBox" xml:id="control3" form:id="control3" form:dropdown="true" form:size="1"><form:option form:label="Year 9"/><form:option form:label="Year 10"/><form:option form:label="Year 11" form:current-selected="true"/></form:listbox>
  <form:text form:name="provider" form:control-implementation="ooo:com.sun.star.form.component.TextField" xml:id="control4" form:id="control4" form:current-value=""/>
  <form:date form:name="start_date" form:control-implementation="ooo:com.sun.star.form.component.DateField" xml:id="control5" form:id="control5" form:dropdown="true"/>
 </form:form>
</office:forms>'''

ODT_BODY = (FORM_CONTROLS + '\n<text:p text:style-name="Title">Placement consent form</text:p>\n'
            + table([
                row("Pupil", '<text:text-input text:description="pupil_name">Name of pupil</text:text-input>'),
                row("Days a week", '<text:drop-down text:name="days"><text:label text:value="Choose"/><text:label text:value="2"/>'
                    '<text:label text:value="3"/><text:label text:value="5"/>Choose</text:drop-down>'),
                row("Year group", control(3, "3cm")),
                row("Provider", control(4, "6cm")),
                row("Start date", control(5, "3cm")),
                row("Trips", control(1) + " I consent to educational visits"),
                row("Photographs", control(2) + " I consent to photographs"),
            ])
            + '\n<text:p>Office use: <text:text-input text:description="office_ref">ref</text:text-input></text:p>')

CC_BODY = ('<text:p text:style-name="Title">Placement consent form</text:p>\n' + table([
    row("Pupil", '<loext:content-control loext:showing-place-holder="true">Click to enter the name</loext:content-control>'),
    row("Days a week", '<text:drop-down text:name="days"><text:label text:value="Choose"/><text:label text:value="2"/>'
        '<text:label text:value="3"/><text:label text:value="5"/>Choose</text:drop-down>'),
    row("Year group", '<loext:content-control loext:dropdown="true"><loext:list-item loext:display-text="Year 9" loext:value="9"/>'
        '<loext:list-item loext:display-text="Year 10" loext:value="10"/><loext:list-item loext:display-text="Year 11" loext:value="11"/>'
        'Choose a year</loext:content-control>'),
    row("Start date", '<loext:content-control loext:date="true" loext:date-format="d MMMM yyyy" loext:date-language="en-GB">'
        'Pick a date</loext:content-control>'),
    row("Trips", '<loext:content-control loext:checkbox="true" loext:checked="false" loext:checked-state="\u2612" '
        'loext:unchecked-state="\u2610">\u2610</loext:content-control> I consent to educational visits'),
    row("Photographs", '<loext:content-control loext:checkbox="true" loext:checked="true" loext:checked-state="\u2612" '
        'loext:unchecked-state="\u2610">\u2612</loext:content-control> I consent to photographs'),
]))

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
W_ALL = (W + ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
         'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
         'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14"')


def wp(*runs, ppr=""):
    return '<w:p w:rsidR="00A1B2C3">%s%s</w:p>' % (ppr, "".join(runs))


def wr(text, rpr=""):
    return '<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>' % (rpr, text)


def sdt(props, content):
    return '<w:sdt><w:sdtPr>%s</w:sdtPr><w:sdtContent>%s</w:sdtContent></w:sdt>' % (props, content)


PLACEHOLDER = '<w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr>'
GOTHIC = '<w:rPr><w:rFonts w:ascii="MS Gothic" w:eastAsia="MS Gothic" w:hAnsi="MS Gothic" w:hint="eastAsia"/></w:rPr>'


def wcheck(tag, alias, idn, on):
    return sdt('<w:alias w:val="%s"/><w:tag w:val="%s"/><w:id w:val="%d"/><w14:checkbox><w14:checked w14:val="%d"/>'
               '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/><w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/>'
               '</w14:checkbox>' % (alias, tag, idn, on),
               '<w:r>%s<w:t>%s</w:t></w:r>' % (GOTHIC, "\u2612" if on else "\u2610"))


def wcell(*paragraphs, width=4500):
    return '<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>%s</w:tc>' % (width, "".join(paragraphs))


def wrow(label, *paragraphs):
    return '<w:tr>%s%s</w:tr>' % (wcell(wp(wr(label, "<w:rPr><w:b/></w:rPr>")), width=3000), wcell(*paragraphs, width=6000))


WORD_BODY = "".join([
    wp(wr("Placement consent form"), ppr='<w:pPr><w:pStyle w:val="Title"/></w:pPr>'),
    '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="9000" w:type="dxa"/><w:tblBorders>'
    '<w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    '</w:tblBorders></w:tblPr><w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="6000"/></w:tblGrid>',
    wrow("Pupil", wp(sdt('<w:alias w:val="Pupil name"/><w:tag w:val="pupil_name"/><w:id w:val="-1001"/><w:showingPlcHdr/><w:text/>',
                          '<w:r w:rsidR="00D4E5F6">%s<w:t>Click or tap here to enter text.</w:t></w:r>' % PLACEHOLDER))),
    wrow("Days a week", wp(sdt('<w:alias w:val="Days"/><w:tag w:val="days"/><w:id w:val="-1002"/><w:showingPlcHdr/>'
                                '<w:dropDownList><w:listItem w:value="Choose an item."/><w:listItem w:displayText="Two days" w:value="2"/>'
                                '<w:listItem w:displayText="Three days" w:value="3"/><w:listItem w:displayText="Five days" w:value="5"/></w:dropDownList>',
                                '<w:r>%s<w:t>Choose an item.</w:t></w:r>' % PLACEHOLDER))),
    wrow("Start date", wp(sdt('<w:alias w:val="Start date"/><w:tag w:val="start_date"/><w:id w:val="-1003"/><w:showingPlcHdr/>'
                               '<w:date><w:dateFormat w:val="dddd d MMMM yyyy"/><w:lid w:val="en-GB"/><w:storeMappedDataAs w:val="dateTime"/>'
                               '<w:calendar w:val="gregorian"/></w:date>',
                               '<w:r>%s<w:t>Click or tap to enter a date.</w:t></w:r>' % PLACEHOLDER))),
    wrow("Trips", wp(wcheck("consent_trips", "Consent to trips", -1004, 0), wr(" I consent to educational visits"))),
    wrow("Photographs", wp(wcheck("consent_photos", "Consent to photographs", -1005, 1), wr(" I consent to photographs"))),
    wrow("Medical", wp(
        '<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Medical"/><w:enabled/><w:calcOnExit w:val="0"/>'
        '<w:checkBox><w:sizeAuto/><w:default w:val="0"/></w:checkBox></w:ffData></w:fldChar></w:r>'
        '<w:r><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>',
        wr(" The pupil has a medical condition"))),
    wrow("Notes", wp(
        '<w:bookmarkStart w:id="0" w:name="Notes"/><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Notes"/><w:enabled/>'
        '<w:calcOnExit w:val="0"/><w:textInput/></w:ffData></w:fldChar></w:r><w:r><w:instrText xml:space="preserve"> FORMTEXT </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:rPr><w:noProof/></w:rPr><w:t>\u2002\u2002\u2002\u2002\u2002</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:bookmarkEnd w:id="0"/>')),
    '</w:tbl>',
    wp(wr("Office use: "), sdt('<w:tag w:val="office_ref"/><w:id w:val="-1006"/><w:text/>', wr("ref"))),
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" '
    'w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>',
])

WORD_PARTS = [
    ("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
     '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
     '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
     '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/></Types>'),
    ("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
     '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
    ("word/_rels/document.xml.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
     '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
     '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/></Relationships>'),
    ("word/document.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document %s><w:body>%s</w:body></w:document>' % (W_ALL, WORD_BODY)),
    ("word/styles.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles %s><w:docDefaults><w:rPrDefault><w:rPr>'
     '<w:rFonts w:ascii="Liberation Sans" w:hAnsi="Liberation Sans"/><w:sz w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault></w:docDefaults>'
     '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
     '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>'
     '<w:style w:type="character" w:styleId="PlaceholderText"><w:name w:val="Placeholder Text"/><w:rPr><w:color w:val="808080"/></w:rPr></w:style>'
     '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/></w:style></w:styles>' % W),
    ("word/settings.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings %s>'
     '<w:documentProtection w:edit="forms" w:enforcement="1"/><w:defaultTabStop w:val="720"/></w:settings>' % W),
]


def main():
    with open(os.path.join(HERE, "placement-form.fodt"), "w", encoding="utf-8") as f:
        f.write(HEAD + ODT_BODY + TAIL)
    with open(os.path.join(HERE, "placement-form-cc.fodt"), "w", encoding="utf-8") as f:
        f.write(HEAD + CC_BODY + TAIL)
    path = os.path.join(OUT, "placement-form.word.docx")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in WORD_PARTS:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
    print("wrote src/placement-form.fodt, src/placement-form-cc.fodt, placement-form.word.docx")


if __name__ == "__main__":
    main()
