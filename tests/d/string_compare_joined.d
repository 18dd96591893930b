BEGIN
{
	printf("%d\n", strjoin("a", "b") == "ab");
	exit(0);
}
