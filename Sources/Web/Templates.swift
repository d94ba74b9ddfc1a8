/// The pages' mustache templates. `{{x}}` escapes HTML; `{{{x}}}` is used only for HTML the app
/// built itself with every value escaped (`RecordView`).
enum Templates {
    static var all: [(String, String)] {
        [
            ("layout", layout), ("error", error), ("login", login), ("dashboard", dashboard), ("list", list), ("record", record),
            ("documents", documents), ("sign", sign), ("signed", signed), ("sign-closed", signClosed), ("edit", edit),
            ("import", importPage), ("users", users), ("build-progress", buildProgress), ("preview", preview),
        ]
    }

    static let layout = """
        <!doctype html>
        <html lang="en-GB">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        {{#refresh}}<meta http-equiv="refresh" content="{{refresh}}">{{/refresh}}
        <title>{{title}} · APDocs</title>
        <link rel="stylesheet" href="/static/app.css">
        </head>
        <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
        <span class="brand">APDocs</span>
        {{#user}}
        <nav aria-label="Main">
        <a href="/">To do</a> <a href="/placements">Placements</a> <a href="/providers">Providers</a> <a href="/schools">Schools</a> <a href="/documents">Documents</a> <a href="/import">Import</a>{{#isAdmin}} <a href="/users">Users</a>{{/isAdmin}}
        </nav>
        <form method="post" action="/logout" class="logout"><input type="hidden" name="csrf" value="{{csrf}}"><span class="who">{{user}}</span> <button type="submit">Log out</button></form>
        {{/user}}
        </header>
        <main id="main">
        {{{body}}}
        </main>
        </body>
        </html>
        """

    static let error = """
        <h1>{{status}}</h1>
        <p role="alert">{{message}}</p>
        <p><a href="/">Back to the start</a></p>
        """

    static let login = """
        <h1>Log in</h1>
        {{#message}}<p class="error" role="alert">{{message}}</p>{{/message}}
        <form method="post" action="/login" class="stack narrow">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="username">User name</label>
        <input id="username" name="username" autocomplete="username" required value="{{username}}" autofocus>
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required>
        <button type="submit">Log in</button>
        </form>
        """

    static let dashboard = """
        <h1>To do</h1>
        {{#pinned}}<p class="notice" role="status">{{pinned}}</p>{{/pinned}}
        {{#hasErrors}}
        <h2>Errors in the data</h2>
        <p>Documents that depend on these are held back until they are corrected.</p>
        <ul class="issues">{{#errors}}<li class="error"><a href="{{link}}">{{where}}</a>: {{message}}</li>{{/errors}}</ul>
        {{/hasErrors}}
        {{^groups}}<p>Nothing to do: every document is up to date and nothing falls due soon.</p>{{/groups}}
        {{#groups}}
        <section class="group">
        <h2>{{heading}} <span class="count">{{count}}</span></h2>
        <ul class="todo">
        {{#items}}<li>{{#due}}<span class="due">{{due}}</span> {{/due}}<a href="{{link}}">{{message}}</a></li>{{/items}}
        </ul>
        </section>
        {{/groups}}
        <p class="muted">{{warningCount}} warnings. Documents: {{toBuild}} to build, {{upToDate}} up to date, {{held}} held back. <a href="/documents">Documents</a></p>
        """

    static let list = """
        <h1>{{heading}}</h1>
        <p><a class="button" href="/{{folder}}/new">New {{noun}}</a></p>
        <table class="records">
        <thead><tr>{{#columns}}<th scope="col">{{.}}</th>{{/columns}}</tr></thead>
        <tbody>
        {{#rows}}<tr><td><a href="{{link}}">{{id}}</a></td>{{#cells}}<td>{{.}}</td>{{/cells}}</tr>{{/rows}}
        </tbody>
        </table>
        {{^rows}}<p>None yet.</p>{{/rows}}
        """

    static let record = """
        <p class="crumbs"><a href="/{{folder}}">{{folderTitle}}</a></p>
        <h1>{{id}}</h1>
        <p class="muted">From {{file}} · <a href="/{{folder}}/{{id}}/edit">Edit</a></p>
        {{#saved}}<p class="notice" role="status">Saved. The checks ran again; issues are listed below.</p>{{/saved}}
        {{#hasIssues}}
        <h2>Issues</h2>
        <ul class="issues">{{#issues}}<li class="{{severity}}"><code>{{path}}</code> (line {{line}}): {{message}}</li>{{/issues}}</ul>
        {{/hasIssues}}
        {{#isPlacement}}
        <section class="signing">
        <h2>Signatures</h2>
        {{#newLink}}<div class="notice" role="status"><p>Signing link for {{role}}, valid until {{expires}}. Send it to them; it works once:</p><p><input class="copy" readonly value="{{url}}" aria-label="Signing link"></p></div>{{/newLink}}
        <ul>{{#signatures}}<li>{{role}}: signed {{date}} ({{method}})</li>{{/signatures}}</ul>
        {{#hasStillToSign}}<p>Still to sign: {{stillToSign}}</p>{{/hasStillToSign}}
        <form method="post" action="/placements/{{id}}/signing-links" class="inline">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="role">Signing link for</label>
        <select id="role" name="role">{{#roles}}<option value="{{value}}">{{label}}</option>{{/roles}}</select>
        <label for="days">valid for (days)</label>
        <input id="days" name="days" type="number" min="1" max="90" value="14">
        <button type="submit">Create signing link</button>
        </form>
        {{#hasLinks}}
        <table class="records stacked"><thead><tr><th scope="col">Link</th><th scope="col">For</th><th scope="col">Expires</th><th scope="col">State</th><th scope="col"></th></tr></thead><tbody>
        {{#links}}<tr><td><code>{{id}}</code></td><td>{{role}}</td><td>{{expires}}</td><td>{{state}}</td><td>{{#open}}<form method="post" action="/placements/{{placement}}/signing-links/{{id}}/revoke"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit" class="secondary">Revoke</button></form>{{/open}}</td></tr>{{/links}}
        </tbody></table>
        {{/hasLinks}}
        </section>
        {{/isPlacement}}
        <h2>Record</h2>
        {{{details}}}
        """

    static let edit = """
        <p class="crumbs"><a href="/{{folder}}">{{folderTitle}}</a>{{^isNew}} › <a href="/{{folder}}/{{id}}">{{id}}</a>{{/isNew}}</p>
        <h1>{{heading}}</h1>
        {{^isNew}}<p class="muted">Written back to {{file}}: a changed value in place, a changed list or group as a whole; comments on other lines stay as they are.</p>{{/isNew}}
        {{#isNew}}<p class="muted">Fill in what you know; the checks say what is still required. Nothing is saved while there are errors.</p>{{/isNew}}
        {{#refused}}<div class="error-summary" role="alert"><p>Not saved: the checks found errors, shown beside their fields. What you typed is kept below.</p>
        <ul>{{#errorLinks}}<li><a href="#{{target}}">{{label}}</a>: {{message}}</li>{{/errorLinks}}</ul></div>{{/refused}}
        {{#hasOthers}}<ul class="issues">{{#others}}<li class="{{severity}}"><code>{{path}}</code>: {{message}}</li>{{/others}}</ul>{{/hasOthers}}
        <form method="post" action="{{action}}" class="stack wide record-form">
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{{fields}}}
        <button type="submit">Save</button>
        </form>
        """

    static let importPage = """
        <h1>Import from a CSV file</h1>
        {{#message}}<p class="notice" role="status">{{message}}</p>{{/message}}
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        {{^preview}}
        <p>A CSV exported from the school MIS or a spreadsheet, with a header row. Rows are matched to placements by placement id, else by UPN; known columns: UPN, Legal Surname, Forename, Date of Birth, Year, Looked After, Placement ID, Provider, Start Date, End Date.</p>
        <form method="post" action="/import/preview" enctype="multipart/form-data" class="stack">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="csv">CSV file</label>
        <input type="file" id="csv" name="csv" accept=".csv,text/csv" required>
        <button type="submit">Preview</button>
        </form>
        {{/preview}}
        {{#preview}}
        <p>Nothing is written until you confirm. Rows in error are left out; correct them in the file and upload it again.</p>
        <table class="records"><thead><tr><th scope="col">Row</th><th scope="col">Action</th><th scope="col">Placement</th><th scope="col">Fields</th><th scope="col">Errors</th></tr></thead><tbody>
        {{#rows}}<tr{{#isError}} class="error"{{/isError}}><td>{{row}}</td><td>{{action}}</td><td>{{placement}}</td><td>{{fields}}</td><td>{{errors}}</td></tr>{{/rows}}
        </tbody></table>
        {{#hasIgnored}}<p class="muted">Columns left out: {{ignored}}</p>{{/hasIgnored}}
        {{#canWrite}}
        <form method="post" action="/import/confirm">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <textarea name="csv_text" hidden>{{csv}}</textarea>
        <button type="submit">Import {{writesLabel}}</button> <a href="/import">Cancel</a>
        </form>
        {{/canWrite}}
        {{^canWrite}}<p>Nothing to write. <a href="/import">Choose another file</a></p>{{/canWrite}}
        {{/preview}}
        """

    static let users = """
        <h1>Users</h1>
        <table class="records"><thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Added</th></tr></thead><tbody>
        {{#users}}<tr><td>{{name}}</td><td>{{role}}</td><td>{{created}}</td></tr>{{/users}}
        </tbody></table>
        <h2>Add a user, or set a user's password</h2>
        {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
        <form method="post" action="/users" class="stack narrow">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="name">User name</label><input id="name" name="name" required value="{{typedName}}" autocomplete="off">
        <label for="role">Role</label><select id="role" name="role">{{#roles}}<option value="{{value}}">{{label}}</option>{{/roles}}</select>
        <label for="password">Password (at least 10 characters)</label><input id="password" name="password" type="password" required autocomplete="new-password">
        <button type="submit">Save user</button>
        </form>
        """

    static let documents = """
        <h1>Documents</h1>
        {{#message}}<p class="notice" role="status">{{message}}</p>{{/message}}
        <form method="post" action="/documents/build"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">Build the documents</button> <span class="muted">makes what is missing or out of date</span></form>
        <table class="records stacked">
        <thead><tr><th scope="col">Document</th><th scope="col">Version</th><th scope="col">State</th><th scope="col">Download</th><th scope="col">Why this version</th></tr></thead>
        <tbody>
        {{#documents}}<tr><td><a href="/documents/preview?path={{query}}">{{id}}</a></td><td>v{{version}}</td><td>{{state}}</td><td>{{#files}}<a href="/download?path={{query}}">{{format}}</a> {{/files}}</td><td>{{reasons}}</td></tr>
        {{#hasHistory}}<tr class="history"><td colspan="5">Earlier: {{#history}}<a href="/download?path={{query}}">v{{version}}</a> ({{because}}) {{/history}}</td></tr>{{/hasHistory}}{{/documents}}
        </tbody>
        </table>
        {{^documents}}<p>No documents yet: build them.</p>{{/documents}}
        """

    static let buildProgress = """
        <h1>Building the documents</h1>
        <p role="status">{{#known}}{{done}} of {{total}} documents made{{#failed}}, {{failed}} failed{{/failed}}.{{/known}}{{^known}}Checking what needs making…{{/known}}</p>
        <progress max="{{total}}" value="{{done}}">{{done}} of {{total}}</progress>
        <p class="muted">This page updates itself every second; the documents are listed when the build has finished. <a href="/documents/build">Update now</a></p>
        """

    static let preview = """
        <p class="crumbs"><a href="/documents">Documents</a></p>
        <h1>{{id}} <span class="muted">version {{version}}</span></h1>
        {{#pdfQuery}}
        <p><a href="/download?path={{pdfQuery}}">Download the PDF</a> · <a href="/download?path={{query}}">Download the document</a></p>
        <iframe class="preview" src="/download?path={{pdfQuery}}&amp;inline=1" title="The document {{id}}, version {{version}}"></iframe>
        {{/pdfQuery}}
        {{^pdfQuery}}
        <p>There is no PDF of this document to show in the page. Add <code>pdf</code> to <code>formats:</code> in apdocs.yaml (LibreOffice makes it at the next build), or <a href="/download?path={{query}}">download the document</a>.</p>
        {{/pdfQuery}}
        """

    static let sign = """
        <h1>Sign the placement agreement</h1>
        <p>You are asked to sign as <strong>{{roleWords}}</strong> for placement <strong>{{placement}}</strong>.</p>
        <dl class="facts">{{#facts}}<dt>{{label}}</dt><dd>{{value}}</dd>{{/facts}}</dl>
        <p><a href="/sign/{{token}}/document">Read the full agreement (version {{version}}, {{format}})</a> before you sign.</p>
        {{#message}}<p class="error" role="alert">{{message}}</p>{{/message}}
        <form method="post" action="/sign/{{token}}" class="stack" id="sign-form">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="document_sha256" value="{{sha256}}">
        <label for="signer_name">Your full name</label>
        <input id="signer_name" name="signer_name" autocomplete="name" required value="{{signerName}}">
        <fieldset class="pad">
        <legend>Your signature</legend>
        <p class="hint">Draw it below with a finger or mouse. If you do not draw, your typed name is your signature.</p>
        <canvas id="signature-pad" width="600" height="200" aria-label="Signature drawing area"></canvas>
        <button type="button" id="clear-signature" class="secondary">Clear</button>
        <input type="hidden" name="signature" id="signature">
        </fieldset>
        <div class="check"><input type="checkbox" id="consent" name="consent" value="yes" required>
        <label for="consent">I have read the agreement and I agree to it. Signing here has the same meaning as signing it on paper; the school keeps a record of when and from which device it was signed.</label></div>
        <button type="submit">Sign</button>
        </form>
        <script src="/static/signature-pad.js"></script>
        """

    static let signed = """
        <h1>Thank you</h1>
        <p role="status">Your signature as {{roleWords}} on placement {{placement}} has been recorded. The school will send you the signed agreement.</p>
        """

    static let signClosed = """
        <h1>This signing link cannot be used</h1>
        <p>It has been used already, has expired or was withdrawn. Please ask the school for a new link.</p>
        """
}
