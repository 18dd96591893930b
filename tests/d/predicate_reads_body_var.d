/* A predicate may read a variable that its own clause's body assigns
   first: unset, it reads 0. */
#pragma D option quiet

BEGIN
/x == 0/
{
	x = 7;
	printf("predicate saw 0, x=%d\n", x);
}

BEGIN
/x == 7/
{
	printf("next clause saw %d\n", x);
	exit(0);
}
