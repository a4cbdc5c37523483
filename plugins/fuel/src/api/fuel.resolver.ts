import { randomUUID } from 'node:crypto';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { conflict, Ctx, GraphQLUUID, notFound, parseInput, PluginCore, type PluginScope, type RequestContext, z } from '@loyalty/plugin-sdk';
import { normalisePlate } from '../domain/plate';
import { registerPlate, plateInput } from '../vehicles/vehicle-registry';
import { VEHICLE_SELECT, vehicleOf } from '../vehicles/vehicles.loader';
import { FuelFleetGql, FuelFleetVehicleGql, FuelVehicleGql, FuelVehicleLimitsInputGql } from './fuel.types';

/** 车队管理: fleets, their vehicles and limits. */
export const FLEET = 'fleet';

const limit = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullish();
const limitsInput = z.object({ dailyLimitFen: limit, monthlyLimitFen: limit, dailyLimitMilli: limit, monthlyLimitMilli: limit });
const fleetInput = z.object({ name: z.string().trim().min(1).max(200) });

const FLEET_VEHICLE_COLUMNS = `plate, daily_limit_fen::float8 as "dailyLimitFen", monthly_limit_fen::float8 as "monthlyLimitFen",
  daily_limit_milli::float8 as "dailyLimitMilli", monthly_limit_milli::float8 as "monthlyLimitMilli", active`;

/** The fuel station's own GraphQL: a vehicle by plate for any staff; fleets behind the fleet permission. */
@Resolver()
export class FuelResolver {
  constructor(private readonly core: PluginCore) {}

  private asFleetManager<T>(ctx: RequestContext, work: (scope: PluginScope) => Promise<T>, merchantId?: string): Promise<T> {
    return this.core.inTenant(
      ctx,
      async (scope) => {
        await scope.requirePermission(FLEET);
        return work(scope);
      },
      merchantId,
    );
  }

  @Query(() => FuelVehicleGql, { nullable: true, description: '车牌识别: the vehicle with this plate (any spelling) and its member, or null' })
  fuelVehicle(@Ctx() ctx: RequestContext, @Args('plate') plate: string): Promise<FuelVehicleGql | null> {
    const normalised = normalisePlate(parseInput(plateInput, plate))!;
    return this.core.inTenant(ctx, async (scope) => {
      const [row] = await scope.query<Omit<FuelVehicleGql, 'newEnergy'>>(`${VEHICLE_SELECT} where v.plate = ?`, [scope.merchantId, normalised]);
      return row ? vehicleOf(row) : null;
    });
  }

  @Query(() => [FuelFleetGql], { description: '车队: the station’s fleets with their vehicles (fleet permission)' })
  fuelFleets(
    @Ctx() ctx: RequestContext,
    @Args('merchantId', { type: () => GraphQLUUID, nullable: true, description: 'Operator: the merchant' }) merchantId?: string,
  ): Promise<FuelFleetGql[]> {
    return this.asFleetManager(
      ctx,
      async (scope) => {
        const fleets = await scope.query<Omit<FuelFleetGql, 'vehicles'>>('select id, name, account_member_id as "accountMemberId", created_at as "createdAt" from fuel_fleet order by created_at, id');
        const vehicles = await scope.query<FuelFleetVehicleGql & { fleetId: string }>(`select fleet_id as "fleetId", ${FLEET_VEHICLE_COLUMNS} from fuel_fleet_vehicle order by plate`);
        return fleets.map((fleet) => ({ ...fleet, vehicles: vehicles.filter((v) => v.fleetId === fleet.id).map(({ fleetId: _, ...v }) => v) }));
      },
      merchantId,
    );
  }

  @Mutation(() => FuelFleetGql, { description: '开设车队: a fleet paying from the stored value of the company’s member (fleet permission)' })
  createFuelFleet(@Ctx() ctx: RequestContext, @Args('name') name: string, @Args('accountMemberId', { type: () => GraphQLUUID }) accountMemberId: string): Promise<FuelFleetGql> {
    const data = parseInput(fleetInput, { name });
    return this.asFleetManager(ctx, async (scope) => {
      await scope.findMember({ memberId: accountMemberId });
      const [fleet] = await scope.query<Omit<FuelFleetGql, 'vehicles'>>(
        `insert into fuel_fleet (id, tenant_id, merchant_id, name, account_member_id, created_by) values (?, ?, ?, ?, ?, ?)
         on conflict (merchant_id, account_member_id) do nothing
         returning id, name, account_member_id as "accountMemberId", created_at as "createdAt"`,
        [randomUUID(), scope.tenantId, scope.merchantId, data.name, accountMemberId, ctx.actorId],
      );
      if (!fleet) throw conflict('FUEL_FLEET_EXISTS', 'The member has a fleet at this station already');
      return { ...fleet, vehicles: [] };
    });
  }

  @Mutation(() => FuelFleetVehicleGql, {
    description: '车队车辆: adds the vehicle to the fleet (registering its plate to the fleet’s member) or changes its limits (fleet permission)',
  })
  setFuelFleetVehicle(
    @Ctx() ctx: RequestContext,
    @Args('fleetId', { type: () => GraphQLUUID }) fleetId: string,
    @Args('plate') plate: string,
    @Args('limits', { type: () => FuelVehicleLimitsInputGql, nullable: true }) limits?: FuelVehicleLimitsInputGql,
  ): Promise<FuelFleetVehicleGql> {
    const normalised = normalisePlate(parseInput(plateInput, plate))!;
    const data = parseInput(limitsInput, limits ?? {});
    return this.asFleetManager(ctx, async (scope) => {
      const [fleet] = await scope.query<{ accountMemberId: string }>('select account_member_id as "accountMemberId" from fuel_fleet where id = ? for update', [fleetId]);
      if (!fleet) throw notFound('FUEL_FLEET_NOT_FOUND', 'No such fleet');
      await registerPlate(scope, normalised, fleet.accountMemberId);
      const [vehicle] = await scope.query<FuelFleetVehicleGql>(
        `insert into fuel_fleet_vehicle (tenant_id, merchant_id, plate, fleet_id, daily_limit_fen, monthly_limit_fen, daily_limit_milli, monthly_limit_milli)
         values (?, ?, ?, ?, ?, ?, ?, ?)
         on conflict (merchant_id, plate) do update set daily_limit_fen = excluded.daily_limit_fen, monthly_limit_fen = excluded.monthly_limit_fen,
           daily_limit_milli = excluded.daily_limit_milli, monthly_limit_milli = excluded.monthly_limit_milli, active = true, updated_at = now()
           where fuel_fleet_vehicle.fleet_id = excluded.fleet_id
         returning ${FLEET_VEHICLE_COLUMNS}`,
        [scope.tenantId, scope.merchantId, normalised, fleetId, data.dailyLimitFen ?? null, data.monthlyLimitFen ?? null, data.dailyLimitMilli ?? null, data.monthlyLimitMilli ?? null],
      );
      if (!vehicle) throw conflict('FUEL_VEHICLE_IN_ANOTHER_FLEET', `The vehicle ${normalised} is charged to another fleet`);
      return vehicle;
    });
  }

  @Mutation(() => FuelFleetVehicleGql, { description: 'Stops charging the vehicle to its fleet (fleet permission); its plate stays the fleet member’s' })
  removeFuelFleetVehicle(@Ctx() ctx: RequestContext, @Args('plate') plate: string): Promise<FuelFleetVehicleGql> {
    const normalised = normalisePlate(parseInput(plateInput, plate))!;
    return this.asFleetManager(ctx, async (scope) => {
      const [vehicle] = await scope.query<FuelFleetVehicleGql>(`update fuel_fleet_vehicle set active = false, updated_at = now() where plate = ? returning ${FLEET_VEHICLE_COLUMNS}`, [normalised]);
      if (!vehicle) throw notFound('FUEL_FLEET_VEHICLE_NOT_FOUND', `The vehicle ${normalised} is in no fleet here`);
      return vehicle;
    });
  }
}
