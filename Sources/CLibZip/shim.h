#ifndef APDOCS_CLIBZIP_SHIM_H
#define APDOCS_CLIBZIP_SHIM_H
#include <zip.h>
#endif
