/* An l or ll suffix makes a 64-bit literal, u unsigned, as in C (LP64). */
BEGIN
{
	printf("%d %d %d %d %d\n", sizeof(1), sizeof(1u), sizeof(1l), sizeof(1ul), sizeof(1ULL));
	trace(-1ul);
	printf("\n");
	trace(-1u);
	printf("\n");
	exit(0);
}
