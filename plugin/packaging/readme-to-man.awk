# Turns README.md into the exahealth(1) man page, so the reference is written once. Only the
# Markdown README uses: headings, paragraphs, bullets, tables (one .TP per row), code blocks.
# Sections kept: the introduction and every "## " section named in KEEP (set with -v keep=...).
function roff(s) {
    gsub(/\\/, "\\e", s)
    gsub(/\*\*/, "", s)
    while (match(s, /\[[^]]*\]\([^)]*\)/)) {
        link = substr(s, RSTART, RLENGTH); sub(/\]\(.*/, "", link); sub(/^\[/, "", link)
        s = substr(s, 1, RSTART - 1) link substr(s, RSTART + RLENGTH)
    }
    while (match(s, /`[^`]*`/)) {
        s = substr(s, 1, RSTART - 1) "\\fB" substr(s, RSTART + 1, RLENGTH - 2) "\\fR" substr(s, RSTART + RLENGTH)
    }
    sub(/^[.']/, "\\\\\\&&", s)
    return s
}
function cell(s) { gsub(/^ +| +$/, "", s); return s }
BEGIN {
    n = split(keep, names, ",")
    for (i = 1; i <= n; i++) wanted[names[i]] = 1
    print ".TH EXAHEALTH 1 \"" date "\" \"exahealth " version "\" \"User Commands\""
    print ".SH NAME"
    print "exahealth \\- withdraw the BGP route of an OVN load-balancer VIP while its backends are down"
    print ".SH SYNOPSIS"
    print ".B exahealth run"
    print "[\\fB\\-\\-config\\fR \\fIFILE\\fR]"
    print ".br"
    print ".B exahealth check-config | status | snapshot"
    print "[\\fB\\-\\-config\\fR \\fIFILE\\fR]"
    print ".br"
    print ".B exahealth \\-\\-version"
    print ".SH DESCRIPTION"
    on = 1; code = 0
}
/^```/ { if (!on) next; code = !code; print (code ? ".nf" : ".fi"); next }
code { if (on) print roff($0); next }
/^# / { next }
/^## / { name = substr($0, 4); on = (name in wanted); if (on) print ".SH " toupper(roff(name)); next }
/^### / { if (on) print ".SS " roff(substr($0, 5)); next }
!on { next }
/^\| *---/ { next }
/^\|/ {
    split($0, c, "|")
    if (c[2] ~ /^ *(key|event|set|metric|what|id|file|stage|ExaBGP|figure|what happened)/) { header = 1; next }
    print ".TP"; print roff(cell(c[2])) (cell(c[3]) != "" && cell(c[4]) != "" ? " (" roff(cell(c[3])) ")" : "")
    rest = cell(c[4]) != "" ? cell(c[4]) : cell(c[3])
    for (i = 5; i < length(c); i++) if (cell(c[i]) != "") rest = rest "; " cell(c[i])
    print roff(rest); next
}
/^- / { print ".IP \\(bu 2"; print roff(substr($0, 3)); next }
/^  [^ ]/ { print roff(substr($0, 3)); next }
/^$/ { print ".PP"; next }
{ print roff($0) }
