// Debian's libzstd-dev: one-shot ZSTD_compress of each Parquet page is all the Parquet writer uses.
#include <zstd.h>
