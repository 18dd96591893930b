/*
 * -C with a system header: cpp runs as C99 (dtrace's -xstdc=a), so
 * <endian.h> brings its constants and none of glibc's inline functions,
 * which D could not parse.
 */
#include <endian.h>
#pragma D option quiet

BEGIN
{
	printf("%d %d\n", __BYTE_ORDER == __LITTLE_ENDIAN, __LITTLE_ENDIAN);
	exit(0);
}
