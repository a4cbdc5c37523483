import { Inject, type Type } from '@nestjs/common';
import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { MemberGql } from '@loyalty/members';
import type { MemberProfileExtension, PluginDefinition } from '@loyalty/plugin-sdk';
import { PluginMemberFields } from '../../application/plugin-member-fields';

/** A resolver class adding one plugin's member-profile field to `Member` (made when the plugin loads). */
export function memberFieldResolver(plugin: PluginDefinition, extension: MemberProfileExtension): Type<unknown> {
  @Resolver(() => MemberGql)
  class PluginMemberFieldResolver {
    constructor(@Inject(PluginMemberFields) private readonly fields: PluginMemberFields) {}

    @ResolveField(extension.field, extension.type, { nullable: true, description: `${extension.description} (plugin ${plugin.id})` })
    resolve(@Parent() member: { id: string }, @Context() context: { req: object }) {
      return this.fields.resolve(plugin, extension, context.req, member.id);
    }
  }
  return PluginMemberFieldResolver;
}
