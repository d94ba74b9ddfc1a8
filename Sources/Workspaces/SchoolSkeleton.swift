/// The school file `apdocs init --blank` writes: every field of docs/data-model.md with a
/// comment saying what to put there. It does not load until the placeholders are filled in, and
/// its errors say so, field by field.
enum SchoolSkeleton {
    static let text = """
        # Your school: fill in each field, then run `apdocs validate` to check it.
        # Rename this file after the school's id (schools/SCH-XXX.yaml). Dates are YYYY-MM-DD;
        # times "HH:MM" in quotes. See docs/data-model.md for every field.
        id: SCH-XXX                       # a short id used in file names, e.g. SCH-RVA
        name: ""                          # the school's name as letters print it
        urn: ""                           # the school's DfE URN, in quotes
        address: []                       # lines, e.g. [12 Mill Lane, Northtown, NT4 7QP]
        phone: ""
        email: ""
        # website: www.example.sch.uk
        # logo: logo.png                  # a PNG or JPEG beside this file, for the letterhead
        headteacher: {name: "", role: Headteacher}
        ap_coordinator: {name: "", role: "", phone: "", email: ""}
        dsl: {name: "", role: Designated Safeguarding Lead, phone: "", email: ""}
        deputy_dsls:                      # at least one
          - {name: "", role: Deputy DSL, phone: "", email: ""}
        attendance_officer: {name: "", role: Attendance Officer, phone: "", email: ""}
        local_authority:
          name: ""
          front_door: {name: "", phone: "", email: ""}      # children's services front door
          lado: {name: "", role: Local Authority Designated Officer, phone: "", email: ""}
          # ap_team: {name: "", phone: "", email: ""}
        policies:                         # each letter cites its policy's version
          - {id: online-safety, title: Online Safety Policy, version: "1.0", effective: 2026-09-01}
          - {id: child-protection, title: Child Protection and Safeguarding Policy, version: "1.0", effective: 2026-09-01}
          - {id: attendance, title: Attendance Policy, version: "1.0", effective: 2026-09-01}
        attendance_deadline: "09:30"      # when a provider must report an absence
        attendance_method: ""             # how, e.g. telephone the attendance officer and e-mail attendance@...
        safeguarding_training: []         # what the school offers providers' staff

        """
}
