BEGIN
{
	printf("%s\n", strlen("ab") == 2 ? strjoin("t", "wo") : "no");
	exit(0);
}
