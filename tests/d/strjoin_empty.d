BEGIN
{
	printf("[%s]\n", strjoin("", "x"));
	exit(0);
}
