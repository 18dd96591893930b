BEGIN
{
	s = "abc";
	printf("%d %d %d\n", s == "abc", s < "abd", s != "abc");
	exit(0);
}
