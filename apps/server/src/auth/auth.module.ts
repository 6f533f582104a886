import { Global, Module } from '@nestjs/common';
import { CredentialService } from './credential.service';

/** The credential check, global so that every module's guards can ask it. */
@Global()
@Module({ providers: [CredentialService], exports: [CredentialService] })
export class AuthModule {}
