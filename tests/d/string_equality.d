BEGIN
{
	printf("%d %d %d\n", "abc" == "abc", "abc" != "abd", "ab" == "abc");
	exit(0);
}
