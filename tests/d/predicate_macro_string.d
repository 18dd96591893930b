BEGIN
/$$1 == "go"/
{
	printf("going\n");
}

BEGIN
/$$1 != "go"/
{
	printf("staying\n");
}

BEGIN
{
	exit(0);
}
