import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { parseInput, unauthorized } from '@loyalty/shared';
import { z } from 'zod';
import { type Staff, StaffSchema } from '../../domain/staff.entity';
import { verifyPassword } from '../../auth/password-hasher';
import { TokenService } from '../../auth/token.service';

export class LoginCommand {
  constructor(
    readonly email: string,
    readonly password: string,
  ) {}
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  staff: Staff;
}

const loginInput = z.object({ email: z.string().trim().toLowerCase().min(1).max(320), password: z.string().min(1).max(200) });

/** A dummy hash to verify against for unknown e-mails, so timing does not reveal which exist. */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2Ck0Lc0OO1ApWgKLTzXxOZ/A0jXH6Kk4SZqT2HoTnJQ';

@CommandHandler(LoginCommand)
export class LoginHandler implements ICommandHandler<LoginCommand, LoginResult> {
  constructor(
    private readonly db: Db,
    private readonly tokens: TokenService,
  ) {}

  async execute(command: LoginCommand): Promise<LoginResult> {
    const { email, password } = parseInput(loginInput, command);
    const staff = await this.db.asSystem((tx) => tx.findOne(StaffSchema, { email }));
    const ok = await verifyPassword(staff?.passwordHash ?? DUMMY_HASH, password);
    if (!staff || !ok || staff.disabledAt) throw unauthorized('Wrong e-mail or password');
    const { token, expiresAt } = await this.tokens.issue(staff);
    return { token, expiresAt, staff };
  }
}
