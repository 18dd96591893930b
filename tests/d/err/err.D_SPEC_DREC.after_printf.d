/* EXPECT: D_SPEC_DREC at 5:2: data recorded first. */
BEGIN
{
	printf("recorded\n");
	speculate(1);
}
