BEGIN
/execname == "rdtrace"/
{
	printf("self\n");
}

BEGIN
/execname != "rdtrace"/
{
	printf("other\n");
}

BEGIN
{
	exit(0);
}
