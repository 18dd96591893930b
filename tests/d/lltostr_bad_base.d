/* A base outside 2-36 is an illegal operation, for lltostr() and
   strtoll() alike. */
#pragma D option quiet

BEGIN
{
	b = 1;
	trace(lltostr(10, b));
}

BEGIN
{
	b = 37;
	trace(strtoll("10", b));
}

BEGIN
{
	printf("done\n");
	exit(0);
}
