#pragma D option quiet

struct stats {
	int reads;
	long bytes;
};

inline int N = 4;

BEGIN
{
	counts[execname, pid] = 0;
	for (i = 0; i < N; i++) {
		counts[execname, pid] += i;
	}
	printf("%s %d %d\n", execname, counts[execname, pid], sizeof (struct stats));
	exit(0);
}
