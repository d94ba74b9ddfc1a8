#ifndef APDOCS_CLIBXML2_SHIM_H
#define APDOCS_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
// Debian's libxml2 pulls in the system ICU headers, which clash with Foundation's own ICU
// module ("'UErrorCode' has different definitions"). We never use libxml2's ICU support.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlstring.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/c14n.h>
#include <libxml/globals.h>

// xmlFree is a C global function pointer; Swift 6 rejects it as not concurrency-safe.
static inline void apdocs_xmlFree(void *p) { xmlFree(p); }
#endif
