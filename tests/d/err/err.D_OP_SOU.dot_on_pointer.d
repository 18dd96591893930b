/* EXPECT: D_OP_SOU at 6:2: . needs a struct, not a pointer to one. */
struct s { int i; };
struct s *p;
BEGIN
{
	p.i = 1;
}
