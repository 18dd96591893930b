BEGIN
{
	printf("%s %s %s %s\n", toupper("abc"), tolower("ABC"), basename("/a/b/c.d"), dirname("/a/b/c.d"));
	printf("%d %d %s %s\n", index("hello", "l"), rindex("hello", "l"), lltostr(-42), strstr("hello", "ll"));
	printf("%s|%s|%s|\n", strchr("hello", 0x6c), strrchr("hello", 0x6c), strchr("x", 0x7a));
	exit(0);
}
