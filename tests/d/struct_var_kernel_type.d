/* A variable of a kernel (BTF) struct type by value: its members are read
 * and written as a script struct's are. */
#pragma D option quiet

struct timespec64 ts;
this struct timespec64 lt;

BEGIN
{
	ts.tv_sec = 5;
	ts.tv_nsec = 7;
	this->lt.tv_sec = ts.tv_sec * 2;
	printf("%d %d %d %d\n", ts.tv_sec, ts.tv_nsec, this->lt.tv_sec, sizeof(ts));
	exit(0);
}
