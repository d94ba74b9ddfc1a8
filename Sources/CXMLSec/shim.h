#ifndef APDOCS_CXMLSEC_SHIM_H
#define APDOCS_CXMLSEC_SHIM_H
// SwiftPM drops -D flags from pkg-config ("prohibited flags"), but these change xmlsec's types
// and must match how Debian built the library (pkg-config --cflags xmlsec1-openssl).
#define __XMLSEC_FUNCTION__ __func__
#define XMLSEC_NO_SIZE_T 1
#define XMLSEC_OPENSSL3_ENGINES 1
#define XMLSEC_NO_GOST 1
#define XMLSEC_NO_GOST2012 1
#define XMLSEC_NO_CRYPTO_DYNAMIC_LOADING 1
#define XMLSEC_CRYPTO_OPENSSL 1
// Same ICU guard as CLibXML2: xmlsec includes libxml2's headers.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>
#include <xmlsec/errors.h>
#include <xmlsec/io.h>
#include <xmlsec/parser.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/templates.h>
#include <xmlsec/crypto.h>
#include <xmlsec/keysmngr.h>
#include <xmlsec/openssl/app.h>
#include <xmlsec/openssl/crypto.h>
#endif
