/*
 * A predicate may read a variable that only the clause's actions declare
 * (DTrace checks the actions first): i is 0 until the first i++.
 */
#pragma D option quiet

tick-1ms
/i % 2 == 0 && i < 6/
{
	printf("even %d\n", i++);
}

tick-1ms
/i % 2 != 0/
{
	printf("odd %d\n", i++);
}

tick-1ms
/i >= 6/
{
	exit(0);
}
