#ifndef APDOCS_CCRYPTO_SHIM_H
#define APDOCS_CCRYPTO_SHIM_H
// OpenSSL's SHA-256, for the manifest's hashes (libcrypto comes with libxmlsec1 already).
#include <openssl/sha.h>
#endif
