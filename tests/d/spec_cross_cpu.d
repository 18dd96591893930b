/*
 * A speculation made on one CPU and committed on another: the commit
 * moves every CPU's records of it (needs two CPUs, as the test VM has).
 */
#pragma D option quiet

BEGIN
{
	s = speculation();
	spoke = 0;
}

profile-10ms
/cpu == 1 && !spoke/
{
	speculate(s);
	printf("speculated on CPU %d\n", cpu);
}

profile-10ms
/cpu == 1 && !spoke/
{
	spoke = 1;
}

profile-10ms
/cpu == 0 && spoke == 1/
{
	commit(s);
	spoke = 2;
}

profile-10ms
/cpu == 0 && spoke == 2/
{
	printf("committed on CPU %d\n", cpu);
	exit(0);
}
