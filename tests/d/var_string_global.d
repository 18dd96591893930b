BEGIN
{
	s = "hello";
	t = strjoin(s, " world");
	printf("%s|%s\n", s, t);
	exit(0);
}
