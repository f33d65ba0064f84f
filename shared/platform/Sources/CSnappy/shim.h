// Debian's libsnappy-dev: the C interface (snappy_compress) of the codec pandas writes by default.
#include <snappy-c.h>
