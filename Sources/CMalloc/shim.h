#ifndef APDOCS_CMALLOC_SHIM_H
#define APDOCS_CMALLOC_SHIM_H
// glibc's mallopt (not in Swift's Glibc module): the programs tune when freed memory is returned.
#include <malloc.h>
#endif
