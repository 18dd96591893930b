/* A reference in a probe description counts: $2 names the tick rate. */
tick-$2
{
	printf("%d\n", $1);
	exit(0);
}
