/* Translated members are computed one by one where they are used, as in
   DTrace: the faulting member is never read, so nothing faults. */
#pragma D option quiet

struct sample {
	int good;
	int bad;
};

translator struct sample < long v >
{
	good = v + 1;
	bad = *(int *)v;
};

BEGIN
{
	printf("good %d\n", xlate < struct sample > (8).good);
	exit(0);
}

ERROR
{
	printf("fault\n");
	exit(1);
}
